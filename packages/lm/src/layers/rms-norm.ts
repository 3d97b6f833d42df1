import * as tf from '@tensorflow/tfjs-core';

/**
 * Root-mean-square layer normalisation: `x / sqrt(mean(x^2, -1) + eps) * weight`, computed in
 * float32 as in Hugging Face `Qwen2RMSNorm` / `LlamaRMSNorm`.
 *
 * @param x - `[..., hidden]` activations.
 * @param weight - `[hidden]` gain.
 * @param eps - Variance epsilon.
 * @returns The normalised activations, same shape as `x`.
 */
export function rmsNorm<T extends tf.Tensor>(x: T, weight: tf.Tensor1D, eps: number): T {
  return tf.tidy(() => {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), weight) as T;
  });
}
