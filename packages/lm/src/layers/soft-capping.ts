import * as tf from '@tensorflow/tfjs-core';

/**
 * Gemma's logit soft-capping: `cap * tanh(x / cap)`, which bounds values to `(-cap, cap)`.
 *
 * @param x - Scores or logits.
 * @param cap - The cap (`attn_logit_softcapping` or `final_logit_softcapping`).
 * @returns The capped values, same shape as `x`.
 */
export function softCap<T extends tf.Tensor>(x: T, cap: number): T {
  return tf.tidy(() => tf.mul(tf.tanh(tf.div(x, cap)), cap) as T);
}
