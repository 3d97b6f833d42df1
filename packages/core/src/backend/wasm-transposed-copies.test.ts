import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tuneWasmKernels } from './tune-wasm-kernels.js';
import { keepTransposedCopy } from './wasm-transposed-copies.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  tuneWasmKernels(tf);
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

/** Float64 `x w^T` for `x` `[rows, inner]` and `w` `[columns, inner]`. */
function timesTransposed(x: Float32Array, w: Float32Array, inner: number): Float64Array {
  const [rows, columns] = [x.length / inner, w.length / inner];
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += x[i * inner + k] * w[j * inner + k];
      out[i * columns + j] = sum;
    }
  }
  return out;
}

function worstError(got: ArrayLike<number>, want: Float64Array): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst;
}

const dataIds = () => tf.engine().backend.numDataIds();

describe('keepTransposedCopy', () => {
  it('makes one transposed copy at the first transposed product and reads it after', () => {
    const [rows, inner, columns] = [24, 40, 36];
    const x = values(rows * inner, 3);
    const w = values(columns * inner, 7);
    const weight = tf.tidy(() => tf.variable(tf.tensor2d(w, [columns, inner]), false));
    const input = tf.tensor2d(x, [rows, inner]);
    const start = dataIds();
    expect(keepTransposedCopy(weight)).toBe(true);
    tf.matMul(input, weight, false, true).dispose();
    // The copy stays: one buffer more than before (the results are disposed).
    expect(dataIds()).toBe(start + 1);
    const product = tf.matMul(input, weight, false, true);
    expect(worstError(product.dataSync(), timesTransposed(x, w, inner))).toBeLessThan(1e-4);
    product.dispose();
    expect(dataIds()).toBe(start + 1);
    // A batched left operand against the same copy.
    const batched = tf.tidy(() =>
      tf.matMul(tf.reshape(input, [2, rows / 2, inner]), weight, false, true),
    );
    expect(batched.shape).toEqual([2, rows / 2, columns]);
    expect(worstError(batched.dataSync(), timesTransposed(x, w, inner))).toBeLessThan(1e-4);
    batched.dispose();
    expect(dataIds()).toBe(start + 1);
    weight.dispose();
    input.dispose();
    // The copy went with the weight.
    expect(dataIds()).toBe(start - 2);
  });

  it('drops the copy when a variable is assigned new values, which products then read', () => {
    const [rows, inner, columns] = [16, 32, 20];
    const x = values(rows * inner, 5);
    const [w1, w2] = [values(columns * inner, 9), values(columns * inner, 13)];
    const weight = tf.tidy(() => tf.variable(tf.tensor2d(w1, [columns, inner]), false));
    const input = tf.tensor2d(x, [rows, inner]);
    const start = dataIds();
    keepTransposedCopy(weight);
    tf.matMul(input, weight, false, true).dispose();
    expect(dataIds()).toBe(start + 1);
    const next = tf.tensor2d(w2, [columns, inner]);
    weight.assign(next);
    next.dispose();
    // The old buffer and its copy are gone; the new buffer is the variable's.
    expect(dataIds()).toBe(start);
    keepTransposedCopy(weight);
    const product = tf.matMul(input, weight, false, true);
    expect(worstError(product.dataSync(), timesTransposed(x, w2, inner))).toBeLessThan(1e-4);
    product.dispose();
    weight.dispose();
    input.dispose();
    expect(dataIds()).toBe(start - 2);
  });

  it('keeps the copy while another tensor shares the buffer', () => {
    const [rows, inner, columns] = [12, 24, 28];
    const x = values(rows * inner, 17);
    const w = values(columns * inner, 19);
    const weight = tf.tensor2d(w, [columns, inner]);
    const shared = tf.clone(weight);
    const input = tf.tensor2d(x, [rows, inner]);
    keepTransposedCopy(weight);
    tf.matMul(input, weight, false, true).dispose();
    const withCopy = dataIds();
    weight.dispose();
    expect(dataIds()).toBe(withCopy);
    const product = tf.matMul(input, shared, false, true);
    expect(worstError(product.dataSync(), timesTransposed(x, w, inner))).toBeLessThan(1e-4);
    product.dispose();
    shared.dispose();
    expect(dataIds()).toBe(withCopy - 2);
    input.dispose();
  });

  it('leaves unmarked weights and other orientations to the per-call route', () => {
    const weight = tf.ones([20, 16]);
    const input = tf.ones([12, 16]);
    const start = dataIds();
    tf.matMul(input, weight, false, true).dispose();
    expect(dataIds()).toBe(start);
    keepTransposedCopy(weight);
    // transposeA as well: not a `x w^T` product, no copy.
    tf.tidy(() => {
      tf.matMul(tf.ones([16, 12]), weight, true, true);
    });
    expect(dataIds()).toBe(start);
    tf.dispose([weight, input]);
  });
});
