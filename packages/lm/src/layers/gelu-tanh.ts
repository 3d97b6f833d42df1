import * as tf from '@tensorflow/tfjs-core';

/** `sqrt(2 / pi)`. */
const sqrtTwoOverPi = Math.sqrt(2 / Math.PI);

/**
 * The tanh approximation of GELU (PyTorch `gelu(approximate="tanh")`, Hugging Face
 * `gelu_pytorch_tanh`): `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))`.
 *
 * @param x - Any tensor.
 * @returns The activation, same shape as `x`.
 */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.square(x), x), 0.044715)), sqrtTwoOverPi);
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as T;
  });
}
