import { invalidArgument, requireOneOf } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireValuesAndMask } from './shared-checks.js';

/**
 * Options of {@link whitenAdvantages}.
 *
 * @category Advantages
 */
export interface WhitenAdvantagesOptions {
  /**
   * `'verl'` (`masked_whiten`): (x − mean)·rsqrt(unbiased var + 1e-8). `'openrlhf'`:
   * (x − mean)·rsqrt(max(biased var, 1e-8)).
   *
   * @defaultValue `'verl'`
   */
  preset?: 'verl' | 'openrlhf';
  /**
   * Whether the mean is removed (verl `shift_mean`); `false` adds it back after scaling.
   *
   * @defaultValue `true`
   */
  shiftMean?: boolean;
}

/**
 * Token-level whitening of advantages over every valid token of the batch, as REINFORCE++
 * (verl `reinforce_plus_plus(_baseline)`, OpenRLHF `reinforce_baseline`) does after subtracting
 * the group mean. The statistics are token-weighted, so long sequences pull the mean.
 *
 * @param values - Per-token values `[batch, time]` (e.g. group-mean-subtracted rewards broadcast to tokens).
 * @param mask - 0/1 mask of the same shape with at least two valid tokens.
 * @param options - Preset and mean shift.
 * @returns Whitened values, zero where `mask` is 0.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { whitenAdvantages } from '@r1kit/grpo';
 * const values = tf.tensor2d([[0.5, 0.5, 0.5], [-0.5, -0.5, 0]]);
 * const mask = tf.tensor2d([[1, 1, 1], [1, 1, 0]]);
 * whitenAdvantages(values, mask, { preset: 'verl' });
 * ```
 *
 * @category Advantages
 */
export function whitenAdvantages(
  values: tf.Tensor,
  mask: tf.Tensor,
  options: WhitenAdvantagesOptions = {},
): tf.Tensor {
  const name = 'whitenAdvantages';
  requireValuesAndMask(name, values, mask);
  const preset = requireOneOf({
    functionName: name,
    argument: 'options.preset',
    value: options.preset ?? 'verl',
    allowed: ['verl', 'openrlhf'] as const,
  });
  const count = tf.tidy(() => tf.sum(tf.cast(mask, 'float32')).arraySync() as number);
  if (count < 2) {
    throw invalidArgument({
      functionName: name,
      argument: 'mask',
      received: mask,
      expected: 'a mask with at least two valid tokens',
    });
  }
  return tf.tidy(() => {
    const weights = tf.cast(mask, 'float32');
    const mean = tf.div(tf.sum(tf.mul(values, weights)), count);
    const centered = tf.sub(values, mean);
    const squares = tf.sum(tf.mul(tf.square(centered), weights));
    const scale =
      preset === 'verl'
        ? tf.rsqrt(tf.add(tf.div(squares, count - 1), 1e-8))
        : tf.rsqrt(tf.maximum(tf.div(squares, count), 1e-8));
    const whitened = tf.mul(centered, scale);
    return tf.mul(options.shiftMean === false ? tf.add(whitened, mean) : whitened, weights);
  });
}
