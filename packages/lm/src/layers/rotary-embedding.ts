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
  return tf.tidy(() => tf.add(tf.mul(x, cos), tf.mul(rotateHalf(x), sin)));
}

/**
 * Rows (`batch x heads x time`) from which {@link rotateHalf} is a product on wasm: there one
 * `[rows, headDim] x [headDim, headDim]` product costs about a third of the split, negation and
 * concatenation it replaces (two and a half passes over `x` on one thread), and fewer rows
 * (decode steps) gain nothing worth a product.
 */
const productRows = 256;

/**
 * `cat(-x2, x1)` for the two halves `x1`, `x2` of the last axis. On wasm, with many rows, as
 * `x R` for the signed permutation `R` (`R[i + half][i] = -1`, `R[i][i + half] = 1`): each output
 * is one input times +-1 plus zero products, so the values are the same (up to the sign of a
 * zero); the gradient is `dy R^T = -(dy R)`.
 */
function rotateHalf(x: tf.Tensor4D): tf.Tensor4D {
  const [batch, heads, time, headDim] = x.shape;
  const half = headDim / 2;
  if (tf.getBackend() !== 'wasm' || batch * heads * time < productRows) {
    const [first, second] = tf.split(x, [half, half], 3);
    return tf.concat([tf.neg(second as tf.Tensor4D), first as tf.Tensor4D], 3);
  }
  const rotation = (sign: number) => {
    const values = new Float32Array(headDim * headDim);
    for (let i = 0; i < half; i++) {
      values[(i + half) * headDim + i] = -sign;
      values[i * headDim + i + half] = sign;
    }
    return tf.tensor2d(values, [headDim, headDim]);
  };
  const rows = batch * heads * time;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.reshape(tf.matMul(tf.reshape(args[0] as tf.Tensor, [rows, headDim]), rotation(1)), [
      batch,
      heads,
      time,
      headDim,
    ]),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [
      tf.reshape(tf.matMul(tf.reshape(dy as tf.Tensor, [rows, headDim]), rotation(-1)), [
        batch,
        heads,
        time,
        headDim,
      ]),
    ],
  }));
  return op(x) as tf.Tensor4D;
}
