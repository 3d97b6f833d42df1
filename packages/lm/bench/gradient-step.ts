// One training step of the lm benchmarks (bench/train-step.ts, bench/scale/r1kit-worker.ts):
// forward + backward of the mean completion log-probability through sequenceLogProbs, as in a
// GRPO policy loss, with the backward pass the trainer uses (leanGradients). Returns after the
// loss and every gradient have been read back.
import * as tf from '@tensorflow/tfjs';
import {
  type CausalLM,
  leanGradients,
  type SequenceLogProbsOptions,
  sequenceLogProbs,
} from '../src/index.js';

/** The loss and the gradients of the model's trainable variables (in that order), as the trainer computes them. */
export function modelGradients(
  model: CausalLM,
  loss: () => tf.Tensor,
): { value: tf.Scalar; grads: tf.Tensor[] } {
  const variables = model.trainableVariables();
  const { value, grads } = leanGradients({ f: () => tf.tidy(loss), xs: variables });
  return {
    value: value as tf.Scalar,
    grads: grads.map((grad, index) => grad ?? tf.zerosLike(variables[index]!)),
  };
}

/** Runs one step and frees what it made. */
export function gradientStep(
  model: CausalLM,
  batch: { inputIds: tf.Tensor2D; completionLength: number },
  options: SequenceLogProbsOptions = {},
): void {
  const { value, grads } = modelGradients(model, () =>
    tf.neg(tf.mean(sequenceLogProbs(model, batch, options))),
  );
  value.dataSync();
  for (const grad of grads) grad.dataSync();
  tf.dispose([value, ...grads]);
}
