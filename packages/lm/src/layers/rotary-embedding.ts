import * as tf from '@tensorflow/tfjs-core';

/**
 * Cosine and sine tables of rotary position embeddings for the given positions, laid out as in
 * Hugging Face (`emb = cat(freqs, freqs)`), from inverse frequencies (see `ropeFrequencies`).
 *
 * @param positions - `[batch, time]` float32 positions.
 * @param inverse - `headDim / 2` inverse frequencies.
 * @param attentionFactor - Multiplies cosines and sines (YaRN), 1 otherwise.
 * @returns `cos` and `sin`, each `[batch, 1, time, headDim]` (broadcast over heads).
 */
export function rotaryTables(
  positions: tf.Tensor2D,
  inverse: Float32Array,
  attentionFactor = 1,
): { cos: tf.Tensor4D; sin: tf.Tensor4D } {
  return tf.tidy(() => {
    const headDim = inverse.length * 2;
    const [batch, time] = positions.shape;
    const freqs = tf.mul(tf.expandDims(positions, -1), tf.tensor1d(inverse));
    const angles = tf.reshape(tf.concat([freqs, freqs], -1), [batch, 1, time, headDim]);
    const cos = tf.cos(angles) as tf.Tensor4D;
    const sin = tf.sin(angles) as tf.Tensor4D;
    if (attentionFactor === 1) return { cos, sin };
    return { cos: tf.mul(cos, attentionFactor), sin: tf.mul(sin, attentionFactor) };
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
