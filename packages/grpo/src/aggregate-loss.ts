import { invalidArgument, requireOneOf } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireValuesAndMask } from './shared-checks.js';

/**
 * How per-token losses become one number: TRL's `loss_type` values, plus the two verl
 * `loss_agg_mode`s that TRL has no name for.
 * - `'dapo'`: Σ(l·m) / Σm, the token mean (TRL `dapo`; verl and OpenRLHF `token-mean`). A
 *   trainer that accumulates micro-batches divides by the tokens of the whole optimizer step
 *   (the `GrpoTrainer` of `@r1kit/trainer` scales each micro-batch by its share of them).
 * - `'bnpo'`: the same token mean, normalized per micro-batch (TRL `bnpo`); within one call it
 *   equals `'dapo'`.
 * - `'grpo'`: mean over sequences of each sequence's token mean (TRL `grpo`, verl
 *   `seq-mean-token-mean`).
 * - `'dr_grpo'`: Σ(l·m) / (sequences × maxCompletionLength) (Dr. GRPO; TRL `dr_grpo`, verl
 *   `seq-mean-token-sum-norm`).
 * - `'seq-mean-token-sum'`: mean over sequences of each sequence's token sum (verl only).
 * - `'token-sum'`: Σ(l·m) (verl only).
 *
 * @category Policy loss
 */
export type LossType = 'grpo' | 'bnpo' | 'dr_grpo' | 'dapo' | 'seq-mean-token-sum' | 'token-sum';

/** Every loss type, for validation. @internal */
export const lossTypes: readonly LossType[] = [
  'grpo',
  'bnpo',
  'dr_grpo',
  'dapo',
  'seq-mean-token-sum',
  'token-sum',
];

/**
 * Options of {@link aggregateLoss}.
 *
 * @category Policy loss
 */
export interface AggregateLossOptions {
  /**
   * How the values are aggregated (TRL `loss_type`).
   *
   * @defaultValue `'dapo'`
   */
  lossType?: LossType;
  /**
   * Constant normalizer L of `'dr_grpo'` (TRL `max_completion_length`, verl `loss_scale_factor`).
   *
   * @defaultValue the padded width `values.shape[1]`
   */
  maxCompletionLength?: number;
  /**
   * Whether sequences with no valid token count in the number of sequences (TRL counts them,
   * verl and OpenRLHF do not).
   *
   * @defaultValue `true`
   */
  countEmptySequences?: boolean;
}

/**
 * Aggregates per-token values `[batch, time]` under a 0/1 mask into a scalar. The caller must
 * ensure the mask has at least one valid token ({@link policyLoss} checks it).
 *
 * @param values - Per-token values, `[batch, time]`.
 * @param mask - 0/1 mask of the same shape (1 = completion token).
 * @param options - Loss type and normalizers.
 * @returns A scalar tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { aggregateLoss } from '@r1kit/grpo';
 * const values = tf.tensor2d([[1, 2], [3, 0]]);
 * const mask = tf.tensor2d([[1, 1], [1, 0]]);
 * aggregateLoss(values, mask, { lossType: 'dapo' }); // 2
 * aggregateLoss(values, mask, { lossType: 'grpo' }); // (1.5 + 3) / 2 = 2.25
 * ```
 *
 * @category Policy loss
 */
export function aggregateLoss(
  values: tf.Tensor,
  mask: tf.Tensor,
  options: AggregateLossOptions = {},
): tf.Scalar {
  const name = 'aggregateLoss';
  requireValuesAndMask(name, values, mask, 2);
  const lossType = requireOneOf({
    functionName: name,
    argument: 'options.lossType',
    value: options.lossType ?? 'dapo',
    allowed: lossTypes,
  });
  const length = options.maxCompletionLength ?? values.shape[1]!;
  if (!Number.isInteger(length) || length <= 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.maxCompletionLength',
      received: length,
      expected: 'a positive integer',
    });
  }
  const countEmpty = options.countEmptySequences ?? true;
  return tf.tidy(() => {
    const weights = tf.cast(mask, 'float32');
    const masked = tf.mul(values, weights);
    if (lossType === 'token-sum') return tf.sum(masked);
    if (lossType === 'dapo' || lossType === 'bnpo') {
      return tf.div(tf.sum(masked), tf.maximum(tf.sum(weights), 1));
    }
    const tokens = tf.sum(weights, 1);
    const sequences = countEmpty
      ? tf.scalar(values.shape[0]!)
      : tf.maximum(tf.sum(tf.cast(tf.greater(tokens, 0), 'float32')), 1);
    const perSequence =
      lossType === 'grpo' ? tf.div(tf.sum(masked, 1), tf.maximum(tokens, 1)) : tf.sum(masked, 1);
    const mean = tf.div(tf.sum(perSequence), sequences);
    return lossType === 'dr_grpo' ? tf.div(mean, length) : mean;
  }) as tf.Scalar;
}
