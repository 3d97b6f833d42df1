import { invalidArgument, type SoftTokens } from '@r1kit/core';
import { type CausalLM, sequenceLogProbs } from '@r1kit/lm';
import type { TrainingBatch } from '@r1kit/tokenizer';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Options of {@link completionLoss}.
 *
 * @category SFT
 */
export interface CompletionLossOptions {
  /**
   * Divisor of the summed token losses (the token count of the whole accumulated batch).
   *
   * @defaultValue the completion-token count of this batch
   */
  normalizer?: number;
  /**
   * Soft tokens for this batch.
   *
   * @defaultValue none
   */
  softTokens?: SoftTokens;
  /**
   * Passed to `model.forward` (enables LoRA dropout).
   *
   * @defaultValue false
   */
  training?: boolean;
  /**
   * Positions per logit chunk (`@r1kit/lm`'s `sequenceLogProbs`): no `[batch, time, vocab]`
   * tensor exists, in the forward or the backward pass.
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Recompute decoder layers in the backward pass (TRL's `gradient_checkpointing`).
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
}

/**
 * The SFT loss of a collated batch: the model reads the whole sequence, logits at position `t`
 * predict token `t + 1`, and only completion tokens count (masked token-mean cross-entropy). The
 * log-probs come from `@r1kit/lm`'s chunked `sequenceLogProbs`: the output head skips positions
 * before the first completion token and never builds the whole `[batch, time, vocab]` logits.
 *
 * @param model - The causal LM.
 * @param batch - Right-padded batch from `buildBatch` of `@r1kit/tokenizer`.
 * @param options - Normalizer, soft tokens, chunk size, checkpointing.
 * @returns A scalar loss tensor (call under `tf.tidy` or a gradient tape).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createCausalLM } from '@r1kit/lm';
 * import { buildBatch } from '@r1kit/tokenizer';
 * import { completionLoss } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const examples = [
 *   { inputIds: [5, 6, 7], completionMask: [0, 1, 1] },
 *   { inputIds: [8, 9], completionMask: [0, 1] },
 * ];
 * const batch = buildBatch(examples, { padTokenId: 0 });
 * const loss = tf.tidy(() => completionLoss(model, batch).dataSync()[0]);
 * // 4.15, about log(64) = 4.16: the untrained model is near uniform over its 64 tokens

 * ```
 *
 * @category SFT
 */
export function completionLoss(
  model: CausalLM,
  batch: TrainingBatch,
  options: CompletionLossOptions = {},
): tf.Scalar {
  // Positions before the first scored token of any row need no logits.
  const firstScored = Math.min(
    ...batch.completionMask.map((row) => {
      const index = row.indexOf(1, 1);
      return index < 0 ? row.length : index;
    }),
  );
  const normalizer = options.normalizer;
  if (normalizer !== undefined && !(Number.isFinite(normalizer) && normalizer > 0)) {
    throw invalidArgument({
      functionName: 'completionLoss',
      argument: 'options.normalizer',
      received: normalizer,
      expected: 'a finite number > 0',
    });
  }
  return tf.tidy(() => {
    const inputIds = tf.tensor2d(batch.inputIds, undefined, 'int32');
    const time = inputIds.shape[1];
    // Score every position from the first scored token on: the last `width` tokens.
    const width = time - Math.max(1, Math.min(firstScored, time - 1));
    const logp = sequenceLogProbs(
      model,
      {
        inputIds,
        attentionMask: tf.tensor2d(batch.attentionMask, undefined, 'int32'),
        completionLength: width,
        ...(options.softTokens ? { softTokens: options.softTokens } : {}),
      },
      {
        training: options.training ?? false,
        chunkSize: options.chunkSize,
        gradientCheckpointing: options.gradientCheckpointing,
      },
    );
    const mask = tf.slice(
      tf.tensor2d(batch.completionMask, undefined, 'float32'),
      [0, time - width],
      [inputIds.shape[0], width],
    );
    const total = tf.neg(tf.sum(tf.mul(logp, mask)));
    const divisor = normalizer === undefined ? tf.maximum(tf.sum(mask), 1) : normalizer;
    return tf.div(total, divisor) as tf.Scalar;
  });
}

/**
 * Number of completion tokens that {@link completionLoss} scores (the shifted mask's sum).
 *
 * @param batch - The batch given to {@link completionLoss}.
 * @returns The count.
 */
export function countScoredTokens(batch: TrainingBatch): number {
  return batch.completionMask.reduce(
    (sum, row) => sum + row.slice(1).reduce((a, b) => a + b, 0),
    0,
  );
}
