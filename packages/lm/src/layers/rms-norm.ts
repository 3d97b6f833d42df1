import * as tf from '@tensorflow/tfjs-core';
import type { CausalLMConfig } from '../types.js';

/**
 * Root-mean-square layer normalisation: `x / sqrt(mean(x^2, -1) + eps) * (offset + weight)`,
 * computed in float32 as in Hugging Face `Qwen2RMSNorm` / `LlamaRMSNorm` (offset 0) and
 * `Gemma3RMSNorm` (offset 1).
 *
 * @param x - `[..., width]` activations.
 * @param weight - `[width]` gain.
 * @param eps - Variance epsilon.
 * @param offset - Added to the gain: 1 for Gemma's `(1 + weight)`.
 * @returns The normalised activations, same shape as `x`.
 */
export function rmsNorm<T extends tf.Tensor>(
  x: T,
  weight: tf.Tensor1D,
  eps: number,
  offset = 0,
): T {
  return tf.tidy(() => {
    const variance = tf.mean(tf.square(x), -1, true);
    const gain = offset === 0 ? weight : tf.add(weight, offset);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), gain) as T;
  });
}

/**
 * The gain offset of a family's RMSNorms: 1 for Gemma 3 (`1 + weight`), 0 otherwise.
 *
 * @param config - The architecture.
 * @returns The offset to pass to {@link rmsNorm}.
 */
export function normOffset(config: CausalLMConfig): number {
  return config.modelType === 'gemma3_text' ? 1 : 0;
}
