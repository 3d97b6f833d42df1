import { assertMemoryFits, type CausalLM, type MemoryEstimate } from '@r1kit/lm';

/**
 * The largest work of a training run, for {@link assertTrainingFits}.
 * @internal
 */
export interface TrainingWork {
  /** The trainer, for the message (`'GrpoTrainer'`). */
  trainer: string;
  /** The policy. */
  model: CausalLM;
  /** Rows of one micro-batch (`perDeviceTrainBatchSize`). */
  batchSize: number;
  /** Longest prompt + completion, in tokens. */
  sequenceLength: number;
  /** Scored positions per row. */
  completionLength: number;
  /** Sequences generated at once by the in-process engine (GRPO); absent: no generation. */
  generationBatchSize?: number;
  /** `chunkSize` of the log-prob passes. */
  chunkSize: number;
  /** Whether decoder layers are recomputed in the backward pass. */
  gradientCheckpointing: boolean;
  /** Micro-batches per step: more than one keeps a running sum of the gradients. */
  gradientAccumulationSteps: number;
}

/**
 * Bytes a pass adds to what is allocated now (weights, adapter and optimiser moments are;
 * XNNPACK's packed weights on wasm are not, as `tf.memory()` does not count them).
 */
function added(estimate: MemoryEstimate, accumulatedGradients: boolean): number {
  const gradients = estimate.gradients * (accumulatedGradients ? 2 : 1);
  return gradients + estimate.activations + estimate.head + estimate.packedWeights;
}

/**
 * Refuses, before any work, a training run whose largest pass would not fit in the backend's
 * memory, with the estimate, the limit and what to change. Models without
 * `CausalLM.estimateMemory` are not checked.
 *
 * @throws R1kitError `OUT_OF_MEMORY`.
 * @internal
 */
export function assertTrainingFits(work: TrainingWork): void {
  const estimate = work.model.estimateMemory?.bind(work.model);
  if (estimate === undefined) return;
  const shared = { sequenceLength: work.sequenceLength, chunkSize: work.chunkSize };
  const passes: Array<{ what: string; estimate: MemoryEstimate; bytes: number }> = [];
  const train = estimate({
    ...shared,
    mode: 'train',
    batchSize: work.batchSize,
    completionLength: work.completionLength,
    gradientCheckpointing: work.gradientCheckpointing,
    optimizerStatesPerParameter: 0,
  });
  passes.push({
    what: `a training micro-batch of ${work.batchSize} x ${work.sequenceLength} tokens`,
    estimate: train,
    bytes: added(train, work.gradientAccumulationSteps > 1),
  });
  if (work.generationBatchSize !== undefined) {
    const generate = estimate({
      ...shared,
      mode: 'generate',
      batchSize: work.generationBatchSize,
    });
    passes.push({
      what: `generating ${work.generationBatchSize} sequences of up to ${work.sequenceLength} tokens`,
      estimate: generate,
      bytes: added(generate, false),
    });
  }
  const largest = passes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const { gradients, activations, head, packedWeights } = largest.estimate;
  assertMemoryFits({
    what: `${work.trainer}: ${largest.what}`,
    requiredBytes: largest.bytes,
    parts: { gradients, activations, 'output head': head, 'packed weights (wasm)': packedWeights },
    advice:
      `lower perDeviceTrainBatchSize (${work.batchSize}) or the completion length ` +
      `(${work.completionLength}), lower chunkSize (${work.chunkSize}), ` +
      `${work.gradientCheckpointing ? '' : 'set gradientCheckpointing: true, '}` +
      `${work.model.hasAdapters ? '' : 'train a LoRA adapter instead of every weight, '}` +
      "or use a backend with more memory ('tensorflow' from @tensorflow/tfjs-node, or 'cpu')",
  });
}
