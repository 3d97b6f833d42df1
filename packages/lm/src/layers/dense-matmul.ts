import * as tf from '@tensorflow/tfjs-core';

/**
 * `a b` whose gradient uses only untransposed products on wasm: the wasm `BatchMatMul` kernel is
 * several times slower with `transposeA`/`transposeB` than on plain operands, and the built-in
 * gradient of `matMul` uses both. Here `da = dy transpose(b)` and `db = transpose(a) dy`
 * (3-5x faster forward + backward for the projections of a 10M-parameter model).
 */
const wasmMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b] = args as [tf.Tensor2D, tf.Tensor2D];
  (args[2] as tf.GradSaveFunc)([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [savedA, savedB] = saved as [tf.Tensor2D, tf.Tensor2D];
      const upstream = dy as tf.Tensor2D;
      return [tf.matMul(upstream, tf.transpose(savedB)), tf.matMul(tf.transpose(savedA), upstream)];
    },
  };
});

/** Row count up to which the transposed wasm kernel beats an explicit transpose of `b`. */
const fewRowsLimit = 8;

/**
 * A 2-D matrix product `a b` (or `a b^T`) tuned per backend: on wasm it avoids the slow
 * transposed kernels (transposing `b` explicitly, unless `a` has only a few rows, and using
 * {@link wasmMatMul}); elsewhere it is `tf.matMul`.
 *
 * @param a - `[rows, inner]`.
 * @param b - `[inner, columns]`, or `[columns, inner]` when `transposeB`.
 * @param transposeB - Whether to multiply by `b^T`.
 * @returns `[rows, columns]`.
 */
export function denseMatMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeB = false): tf.Tensor2D {
  // With a few rows (decode steps) transposing b costs more than the transposed kernel saves:
  // for b = [8192, 256] on wasm, 1 row takes 9 ms transposed vs 59 ms copying b; 64 rows 270 vs 74.
  const fewRows = transposeB && a.shape[0] <= fewRowsLimit;
  if (tf.getBackend() !== 'wasm' || fewRows) return tf.matMul(a, b, false, transposeB);
  return tf.tidy(() => wasmMatMul(a, transposeB ? tf.transpose(b) : b) as tf.Tensor2D);
}
