import type { CausalLM, SoftTokens } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import type { CollatedBatch } from './collate-sequences.js';
import { maskedCrossEntropy } from './masked-cross-entropy.js';

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
}

/**
 * The SFT loss of a collated batch: the model reads the whole sequence, logits at position `t`
 * predict token `t + 1`, and only completion tokens count (masked token-mean cross-entropy).
 *
 * @param model - The causal LM.
 * @param batch - Right-padded batch from {@link collateSequences}.
 * @param options - Normalizer, soft tokens.
 * @returns A scalar loss tensor (call under `tf.tidy` or a gradient tape).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { collateSequences, completionLoss } from '@r1kit/trainer';
 * const batch = collateSequences(examples, { padTokenId: 0 });
 * const loss = tf.tidy(() => completionLoss(model, batch).dataSync()[0]);
 * ```
 *
 * @category SFT
 */
export function completionLoss(
  model: CausalLM,
  batch: CollatedBatch,
  options: CompletionLossOptions = {},
): tf.Scalar {
  return tf.tidy(() => {
    const inputIds = tf.tensor2d(batch.inputIds, undefined, 'int32');
    const attentionMask = tf.tensor2d(batch.attentionMask, undefined, 'int32');
    const { logits } = model.forward({
      inputIds,
      attentionMask,
      softTokens: options.softTokens,
      training: options.training ?? false,
    });
    const [size, time] = inputIds.shape;
    const predicted = tf.slice(logits, [0, 0, 0], [size, time - 1, -1]);
    const targets = tf.slice(inputIds, [0, 1], [size, time - 1]);
    const mask = tf.slice(
      tf.tensor2d(batch.completionMask, undefined, 'float32'),
      [0, 1],
      [size, time - 1],
    );
    return maskedCrossEntropy(predicted, targets, mask, { normalizer: options.normalizer });
  });
}

/** Number of completion tokens that {@link completionLoss} scores (the shifted mask's sum). */
export function countScoredTokens(batch: CollatedBatch): number {
  return batch.completionMask.reduce(
    (sum, row) => sum + row.slice(1).reduce((a, b) => a + b, 0),
    0,
  );
}
