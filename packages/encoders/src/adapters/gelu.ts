import * as tf from '@tensorflow/tfjs-core';

/**
 * The exact GELU activation, `x * Φ(x) = 0.5 x (1 + erf(x / √2))`.
 *
 * @param input - Any tensor.
 * @returns A tensor of the same shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gelu } from '@r1kit/encoders';
 * gelu(tf.tensor1d([0, 1])); // [0, 0.8413]
 * ```
 *
 * @category Adapters
 */
export function gelu<T extends tf.Tensor>(input: T): T {
  return tf.tidy(() => tf.mul(tf.mul(input, 0.5), tf.add(1, tf.erf(tf.mul(input, Math.SQRT1_2)))));
}
