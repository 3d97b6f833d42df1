import { keepTransposedCopy } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { type WeightPacking, weightCopy } from '../ops/weight-packing.js';

/**
 * `dy b^T` with the untransposed kernel, copying the fewer values: `dy transpose(b)` copies `b`,
 * `transpose(b transpose(dy))` copies `dy` and the `[rows, inner]` result (cheaper when `b` is a
 * large weight and `dy` has few rows, as in decode steps and head chunks).
 */
function matMulByTransposed(dy: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (fewRows(dy, b)) return tf.transpose(tf.matMul(b, tf.transpose(dy))) as tf.Tensor2D;
  return tf.matMul(dy, tf.transpose(b));
}

/** Whether `transpose(b transpose(dy))` copies fewer values than `transpose(b)` does. */
function fewRows(dy: tf.Tensor2D, b: tf.Tensor2D): boolean {
  const [rows] = dy.shape;
  const [inner] = b.shape;
  return dy.size + rows * inner < b.size;
}

/**
 * The gradient `dy b^T` of `a b` with respect to `a`, for a frozen `b` (what
 * {@link denseMatMul}'s frozen product uses). On wasm by {@link matMulByTransposed}, except where
 * that would transpose `b` itself (`dy` has many rows) and the packing is `'cached'`: then the
 * product reads a transposed copy of `b` kept while `b`'s buffer lives (`keepTransposedCopy`: `b`
 * is transposed and packed once, not on every backward pass). Elsewhere `tf.matMul`.
 */
export function frozenProductGradient(
  dy: tf.Tensor2D,
  b: tf.Tensor2D,
  packing: WeightPacking = 'cached',
): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(dy, b, false, true);
  if (packing === 'cached' && !fewRows(dy, b) && keepTransposedCopy(b)) {
    return tf.matMul(dy, b, false, true);
  }
  return matMulByTransposed(dy, b);
}

/**
 * `a^T dy` (the gradient of `a b` with respect to `b`) with the untransposed kernel. XNNPACK
 * packs the right operand of every product it has not seen, at several times the cost of
 * moving an element by a transpose, so the product packs the smaller side: `transpose(a) dy`
 * packs `dy`; `transpose(transpose(dy) a)` packs `a` and transposes `dy` and the result (LoRA's
 * `B` gradient: `a` is the rank-wide `[rows, 16]` input, `dy` the `[rows, out]` gradient).
 */
function transposedLeftProduct(a: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  const packing = 8;
  const [inner, left] = a.shape;
  const right = dy.shape[1];
  const packDy = a.size + packing * dy.size;
  const packA = dy.size + packing * a.size + left * right;
  if (inner > 0 && packA < packDy) {
    return tf.transpose(tf.matMul(tf.transpose(dy), a)) as tf.Tensor2D;
  }
  return tf.matMul(tf.transpose(a), dy);
}

/**
 * `a b` whose gradient uses only untransposed products on wasm: the wasm `BatchMatMul` kernel
 * reaches XNNPACK's speed (about 24 GFLOP/s on one core) only with `transposeA` and
 * `transposeB` false; with either flag it takes a generic loop (about 1 GFLOP/s), and the
 * built-in gradient of `matMul` uses both. Here `da = dy transpose(b)` and `db = transpose(a) dy`
 * (or `transpose(transpose(dy) a)`, see {@link transposedLeftProduct}).
 */
const wasmMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b] = args as [tf.Tensor2D, tf.Tensor2D];
  (args[2] as tf.GradSaveFunc)([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [savedA, savedB] = saved as [tf.Tensor2D, tf.Tensor2D];
      const upstream = dy as tf.Tensor2D;
      return [matMulByTransposed(upstream, savedB), transposedLeftProduct(savedA, upstream)];
    },
  };
});

/**
 * `a b` for a frozen `b` (a base weight under LoRA): `b` is a constant of the op, so the tape
 * neither saves a copy of it nor of `a`, and the backward pass computes only `da`, never the
 * `[in, out]` gradient of the frozen weight. With `'transient'` packing the product reads a
 * short-lived copy of `b`, so XNNPACK's packed copy is freed with it, and the backward product
 * transposes `b` on every call; with `'cached'` packing the backward product reads a transposed
 * copy of `b` kept with it (see {@link frozenProductGradient}).
 */
function frozenMatMul(a: tf.Tensor2D, b: tf.Tensor2D, packing: WeightPacking): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor2D;
    return {
      value:
        packing === 'transient'
          ? tf.tidy(() => tf.matMul(input, weightCopy(b)))
          : tf.matMul(input, b),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [
        frozenProductGradient(dy as tf.Tensor2D, b, packing),
      ],
    };
  });
  return op(a) as tf.Tensor2D;
}

/**
 * `a b^T` computed as `transpose(b transpose(a))` on wasm: the large `b` (a tied
 * `[vocab, hidden]` head) is read in place by the fast untransposed kernel, and only the small
 * `a` and the `[rows, columns]` result are transposed. The gradient is untransposed too:
 * `da = dy b`, `db = transpose(dy) a`.
 */
const wasmMatMulTransposedB = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b] = args as [tf.Tensor2D, tf.Tensor2D];
  (args[2] as tf.GradSaveFunc)([a, b]);
  return {
    value: tf.transpose(tf.matMul(b, tf.transpose(a))),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [savedA, savedB] = saved as [tf.Tensor2D, tf.Tensor2D];
      const upstream = dy as tf.Tensor2D;
      return [tf.matMul(upstream, savedB), tf.matMul(tf.transpose(upstream), savedA)];
    },
  };
});

/**
 * A 2-D matrix product `a b` (or `a b^T`) tuned per backend. On wasm every product runs on the
 * untransposed (XNNPACK) kernel: `a b^T` is `transpose(b transpose(a))` when that copies fewer
 * values (`rows x (inner + columns)`) than `b` has (a large head and few rows), else
 * `a transpose(b)` (a LoRA factor); gradients avoid the transposed kernels too, and a frozen `b` (a
 * non-trainable `tf.Variable`) gets no gradient work and no saved copy. Elsewhere it is
 * `tf.matMul`.
 * For a SmolLM2-sized tied head (`b` = `[49152, 576]`) and 8 decode rows this is 394 ms ->
 * about 45 ms per step.
 *
 * @param a - `[rows, inner]`.
 * @param b - `[inner, columns]`, or `[columns, inner]` when `transposeB`.
 * @param transposeB - Whether to multiply by `b^T`.
 * @param packing - For a frozen `b` on wasm: keep XNNPACK's packed copy of `b` (`'cached'`) or
 *   multiply by a short-lived copy (`'transient'`, see {@link WeightPacking}).
 * @returns `[rows, columns]`.
 */
export function denseMatMul(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  transposeB = false,
  packing: WeightPacking = 'cached',
): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, false, transposeB);
  return tf.tidy(() => {
    const frozen = b instanceof tf.Variable && !b.trainable;
    if (!transposeB)
      return (frozen ? frozenMatMul(a, b, packing) : wasmMatMul(a, b)) as tf.Tensor2D;
    // Copy the fewer values: `a` and the result, or `b` (a LoRA factor is smaller than `a`).
    const [rows] = a.shape;
    const [columns] = b.shape;
    if (a.size + rows * columns < b.size) return wasmMatMulTransposedB(a, b) as tf.Tensor2D;
    return wasmMatMul(a, tf.transpose(b)) as tf.Tensor2D;
  });
}
