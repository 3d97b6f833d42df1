import { invalidArgument, requireOneOf, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * How per-token losses become one number.
 * - `'token-mean'`: Σ(l·m) / Σm over the batch (DAPO; TRL `dapo`/`bnpo`, verl and OpenRLHF default).
 * - `'seq-mean-token-mean'`: mean over sequences of each sequence's token mean (TRL `grpo`).
 * - `'seq-mean-token-sum'`: mean over sequences of each sequence's token sum (verl).
 * - `'seq-mean-token-sum-norm'`: Σ(l·m) / (sequences × maxCompletionLength) (Dr. GRPO; TRL `dr_grpo`).
 * - `'token-sum'`: Σ(l·m) (verl `token-sum`).
 *
 * @category Policy loss
 */
export type LossAggregation =
  | 'token-mean'
  | 'seq-mean-token-mean'
  | 'seq-mean-token-sum'
  | 'seq-mean-token-sum-norm'
  | 'token-sum';

/** Every aggregation mode, for validation. @internal */
export const lossAggregations: readonly LossAggregation[] = [
  'token-mean',
  'seq-mean-token-mean',
  'seq-mean-token-sum',
  'seq-mean-token-sum-norm',
  'token-sum',
];

/**
 * Options of {@link aggregateLoss}.
 *
 * @category Policy loss
 */
export interface AggregateLossOptions {
  /**
   * The aggregation mode.
   *
   * @defaultValue `'token-mean'`
   */
  mode?: LossAggregation;
  /**
   * Constant normalizer L of `'seq-mean-token-sum-norm'` (TRL `max_completion_length`, verl `loss_scale_factor`).
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
 * @param options - Mode and normalizers.
 * @returns A scalar tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { aggregateLoss } from '@r1kit/grpo';
 * const values = tf.tensor2d([[1, 2], [3, 0]]);
 * const mask = tf.tensor2d([[1, 1], [1, 0]]);
 * aggregateLoss(values, mask, { mode: 'token-mean' }); // 2
 * aggregateLoss(values, mask, { mode: 'seq-mean-token-mean' }); // (1.5 + 3) / 2 = 2.25
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
  requireTensor({ functionName: name, argument: 'values', value: values, rank: 2 });
  requireTensor({ functionName: name, argument: 'mask', value: mask });
  requireTensor({
    functionName: name,
    argument: 'mask',
    value: mask,
    shape: values.shape,
    shapeName: 'the shape of values',
  });
  const mode = requireOneOf({
    functionName: name,
    argument: 'options.mode',
    value: options.mode ?? 'token-mean',
    allowed: lossAggregations,
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
    if (mode === 'token-sum') return tf.sum(masked);
    if (mode === 'token-mean') return tf.div(tf.sum(masked), tf.maximum(tf.sum(weights), 1));
    const tokens = tf.sum(weights, 1);
    const sequences = countEmpty
      ? tf.scalar(values.shape[0]!)
      : tf.maximum(tf.sum(tf.cast(tf.greater(tokens, 0), 'float32')), 1);
    const perSequence =
      mode === 'seq-mean-token-mean'
        ? tf.div(tf.sum(masked, 1), tf.maximum(tokens, 1))
        : tf.sum(masked, 1);
    const mean = tf.div(tf.sum(perSequence), sequences);
    return mode === 'seq-mean-token-sum-norm' ? tf.div(mean, length) : mean;
  }) as tf.Scalar;
}
