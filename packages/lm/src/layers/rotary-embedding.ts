import * as tf from '@tensorflow/tfjs-core';

/**
 * Cosine and sine tables of rotary position embeddings for the given positions, laid out as in
 * Hugging Face (`emb = cat(freqs, freqs)`), with `inv_freq[i] = theta^(-2i / headDim)`.
 *
 * @param positions - `[batch, time]` float32 positions.
 * @param headDim - Width of one head (even).
 * @param theta - Rotary base (`rope_theta`).
 * @returns `cos` and `sin`, each `[batch, 1, time, headDim]` (broadcast over heads).
 */
export function rotaryTables(
  positions: tf.Tensor2D,
  headDim: number,
  theta: number,
): { cos: tf.Tensor4D; sin: tf.Tensor4D } {
  return tf.tidy(() => {
    const half = headDim / 2;
    const inverse = new Float32Array(half);
    for (let i = 0; i < half; i++) inverse[i] = 1 / theta ** ((2 * i) / headDim);
    const [batch, time] = positions.shape;
    const freqs = tf.mul(tf.expandDims(positions, -1), tf.tensor1d(inverse));
    const angles = tf.reshape(tf.concat([freqs, freqs], -1), [batch, 1, time, headDim]);
    return { cos: tf.cos(angles) as tf.Tensor4D, sin: tf.sin(angles) as tf.Tensor4D };
  });
}

/**
 * Rotates query or key heads: `x * cos + rotateHalf(x) * sin`, where `rotateHalf(x)` is
 * `cat(-x2, x1)` for the two halves of the head dimension.
 *
 * @param x - `[batch, heads, time, headDim]`.
 * @param cos - From {@link rotaryTables}.
 * @param sin - From {@link rotaryTables}.
 * @returns The rotated tensor, same shape as `x`.
 */
export function applyRotary(x: tf.Tensor4D, cos: tf.Tensor4D, sin: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const half = x.shape[3] / 2;
    const [first, second] = tf.split(x, [half, half], 3);
    const rotated = tf.concat([tf.neg(second as tf.Tensor4D), first as tf.Tensor4D], 3);
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin));
  });
}
