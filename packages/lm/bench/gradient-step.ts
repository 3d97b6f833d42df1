// One training step of the lm benchmarks (bench/train-step.ts, bench/scale/r1kit-worker.ts):
// forward + backward of the mean completion log-probability through sequenceLogProbs, as in a
// GRPO policy loss. Returns after the loss and every gradient have been read back.
import * as tf from '@tensorflow/tfjs';
import { type CausalLM, type SequenceLogProbsOptions, sequenceLogProbs } from '../src/index.js';

/** Runs one step and frees what it made. */
export function gradientStep(
  model: CausalLM,
  batch: { inputIds: tf.Tensor2D; completionLength: number },
  options: SequenceLogProbsOptions = {},
): void {
  const { value, grads } = tf.variableGrads(
    () => tf.tidy(() => tf.neg(tf.mean(sequenceLogProbs(model, batch, options)))) as tf.Scalar,
    model.trainableVariables(),
  );
  value.dataSync();
  for (const grad of Object.values(grads)) grad.dataSync();
  value.dispose();
  tf.dispose(grads);
}
