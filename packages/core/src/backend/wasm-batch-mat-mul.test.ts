import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xnnpackBatchMatMul } from './wasm-batch-mat-mul.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  xnnpackBatchMatMul(tf);
  xnnpackBatchMatMul(tf); // idempotent
});
afterAll(async () => {
  if (original) await tf.setBackend(original);
});

/** Deterministic values in [-1, 1). */
function values(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out[i] = state / 2 ** 30 - 1;
  }
  return out;
}

/** Float64 `op(a) op(b)` over paired or broadcast batches, the reference. */
function reference(
  a: Float32Array,
  shapeA: number[],
  b: Float32Array,
  shapeB: number[],
  transposeA: boolean,
  transposeB: boolean,
): Float64Array {
  const [ra, ca] = shapeA.slice(-2);
  const [rb, cb] = shapeB.slice(-2);
  const [rows, inner] = transposeA ? [ca, ra] : [ra, ca];
  const columns = transposeB ? rb : cb;
  const batchA = a.length / (ra * ca);
  const batchB = b.length / (rb * cb);
  const batch = Math.max(batchA, batchB);
  const out = new Float64Array(batch * rows * columns);
  for (let n = 0; n < batch; n++) {
    const oa = (batchA === 1 ? 0 : n) * ra * ca;
    const ob = (batchB === 1 ? 0 : n) * rb * cb;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) {
          const x = transposeA ? a[oa + k * ca + i] : a[oa + i * ca + k];
          const y = transposeB ? b[ob + j * cb + k] : b[ob + k * cb + j];
          sum += x * y;
        }
        out[(n * rows + i) * columns + j] = sum;
      }
    }
  }
  return out;
}

const cases: [string, number[], number[], boolean, boolean][] = [
  ['attention scores q k^T', [2, 3, 24, 16], [2, 3, 20, 16], false, true],
  ['attention values p v', [2, 3, 24, 20], [2, 3, 20, 16], false, false],
  ['gradient dS^T q', [2, 3, 24, 20], [2, 3, 24, 16], true, false],
  ['both transposed', [4, 16, 24], [4, 20, 16], true, true],
  ['shared right operand', [5, 12, 16], [16, 9], false, false],
  ['shared right operand, transposed', [5, 12, 16], [9, 16], false, true],
  ['shared left operand', [12, 16], [5, 16, 9], false, false],
  ['2-D a b^T (the stock kernel loops)', [40, 32], [24, 32], false, true],
  ['2-D a^T b', [32, 40], [32, 24], true, false],
  ['few rows, batched (stock kernel)', [6, 3, 16], [6, 20, 16], false, true],
  ['broadcast batch axes', [2, 1, 12, 8], [1, 1, 8, 10], false, false],
  // At least 16 result rows and a multiple of 16 columns: r1kit's SIMD module (simd-gemm.ts).
  ['SIMD module: 2-D, odd rows', [37, 70], [70, 48], false, false],
  ['SIMD module: batched pairs', [3, 20, 40], [3, 40, 32], false, false],
  ['SIMD module: shared right operand, one tall stack', [3, 18, 24], [24, 32], false, false],
  ['SIMD module: shared left operand', [17, 24], [3, 24, 16], false, false],
  ['SIMD module: a b^T', [40, 32], [48, 32], false, true],
  ['SIMD module: broadcast batch axes', [2, 1, 20, 8], [1, 1, 8, 16], false, false],
];

describe('xnnpackBatchMatMul', () => {
  it.each(cases)(
    '%s equals the float64 product',
    (_name, shapeA, shapeB, transposeA, transposeB) => {
      const start = tf.memory().numTensors;
      const dataA = values(
        shapeA.reduce((p, d) => p * d, 1),
        7,
      );
      const dataB = values(
        shapeB.reduce((p, d) => p * d, 1),
        11,
      );
      const got = tf.tidy(() =>
        tf.matMul(tf.tensor(dataA, shapeA), tf.tensor(dataB, shapeB), transposeA, transposeB),
      );
      const expected = reference(dataA, shapeA, dataB, shapeB, transposeA, transposeB);
      const actual = got.dataSync();
      expect(actual.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < actual.length; i++)
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      expect(worst).toBeLessThan(1e-4);
      got.dispose();
      expect(tf.memory().numTensors).toBe(start);
    },
  );

  it('gives the shape tfjs gives, and the stock error for mismatched shapes', () => {
    const out = tf.tidy(() =>
      tf.matMul(tf.ones([2, 3, 24, 16]), tf.ones([2, 3, 20, 16]), false, true),
    );
    expect(out.shape).toEqual([2, 3, 24, 20]);
    out.dispose();
    expect(() => tf.matMul(tf.ones([2, 24, 16]), tf.ones([2, 15, 20]))).toThrow(/inner shapes/);
  });

  it('gives matMul gradients equal to the float64 products', () => {
    const [shapeA, shapeB] = [
      [3, 24, 16],
      [3, 20, 16],
    ];
    const dataA = values(3 * 24 * 16, 3);
    const dataB = values(3 * 20 * 16, 5);
    const upstream = values(3 * 24 * 20, 9);
    const [da, db] = tf.tidy(() => {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(a, b, false, true), tf.tensor(upstream, [3, 24, 20])));
      return tf.grads(f)([tf.tensor(dataA, shapeA), tf.tensor(dataB, shapeB)]);
    });
    // d/da of sum(U * a b^T) = U b; d/db = U^T a.
    const expectedA = reference(upstream, [3, 24, 20], dataB, shapeB, false, false);
    const expectedB = reference(upstream, [3, 24, 20], dataA, shapeA, true, false);
    const close = (got: Float32Array | Int32Array | Uint8Array, want: Float64Array) =>
      got.every((value, i) => Math.abs(value - want[i]) < 1e-4);
    expect(close(da.dataSync(), expectedA)).toBe(true);
    expect(close(db.dataSync(), expectedB)).toBe(true);
    tf.dispose([da, db]);
  });

  it('frees what it packs: the wasm heap does not grow over repeated batched products', () => {
    const heap = () =>
      (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const a = tf.tensor(values(24 * 96 * 64, 1), [24, 96, 64]);
    const b = tf.tensor(values(24 * 64 * 96, 2), [24, 64, 96]);
    for (let i = 0; i < 3; i++) tf.tidy(() => tf.matMul(a, b).dataSync());
    const before = heap();
    for (let i = 0; i < 20; i++) tf.tidy(() => tf.matMul(a, b, true, true).dataSync());
    expect(heap()).toBe(before);
    tf.dispose([a, b]);
  });
});
