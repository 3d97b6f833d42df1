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
 * predict token `t + 1`, and only completion tokens count (masked token-mean cross-entropy). With
 * `forwardHidden`/`logitsFromHidden` the output head skips positions before the first completion
 * token.
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
  // Positions before the first scored token of any row need no logits.
  const firstScored = Math.min(
    ...batch.completionMask.map((row) => {
      const index = row.indexOf(1, 1);
      return index < 0 ? row.length : index;
    }),
  );
  return tf.tidy(() => {
    const inputIds = tf.tensor2d(batch.inputIds, undefined, 'int32');
    const inputs = {
      inputIds,
      attentionMask: tf.tensor2d(batch.attentionMask, undefined, 'int32'),
      softTokens: options.softTokens,
      training: options.training ?? false,
    };
    const [size, time] = inputIds.shape;
    const start = Math.min(firstScored, time - 1) - 1;
    const width = time - 1 - start;
    const predicted =
      model.forwardHidden && model.logitsFromHidden
        ? model.logitsFromHidden(
            tf.slice(model.forwardHidden(inputs).hiddenStates, [0, start, 0], [size, width, -1]),
          )
        : tf.slice(model.forward(inputs).logits, [0, start, 0], [size, width, -1]);
    const targets = tf.slice(inputIds, [0, start + 1], [size, width]);
    const mask = tf.slice(
      tf.tensor2d(batch.completionMask, undefined, 'float32'),
      [0, start + 1],
      [size, width],
    );
    return maskedCrossEntropy(predicted as tf.Tensor3D, targets, mask, {
      normalizer: options.normalizer,
    });
  });
}

/** Number of completion tokens that {@link completionLoss} scores (the shifted mask's sum). */
export function countScoredTokens(batch: CollatedBatch): number {
  return batch.completionMask.reduce(
    (sum, row) => sum + row.slice(1).reduce((a, b) => a + b, 0),
    0,
  );
}
