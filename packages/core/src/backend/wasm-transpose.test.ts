import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tuneWasmKernels } from './tune-wasm-kernels.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  tuneWasmKernels(tf);
  tuneWasmKernels(tf); // idempotent
});
afterAll(async () => {
  if (original) await tf.setBackend(original);
});

const ramp = (shape: number[], dtype: 'float32' | 'int32' = 'float32') =>
  tf.reshape(
    tf.range(
      0,
      shape.reduce((p, d) => p * d, 1),
      1,
      dtype,
    ),
    shape,
  );

/** The element of `x` (row-major values of `shape`) that `perm` moves to output index `at`. */
function expectedTranspose(shape: number[], perm: number[]): number[] {
  const outShape = perm.map((axis) => shape[axis]);
  const total = shape.reduce((p, d) => p * d, 1);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((p, d) => p * d, 1));
  const out: number[] = [];
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let source = 0;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      const index = rest % outShape[axis];
      rest = Math.floor(rest / outShape[axis]);
      source += index * strides[perm[axis]];
    }
    out.push(source);
  }
  return out;
}

describe('tuneWasmKernels: Transpose', () => {
  it.each([
    ['attention heads [0, 2, 1, 3]', [2, 5, 3, 16], [0, 2, 1, 3]],
    ['heads back, merged runs', [2, 3, 5, 32], [0, 2, 1, 3]],
    ['leading axes only', [4, 3, 20], [1, 0, 2]],
    ['rank 5', [2, 3, 2, 2, 16], [2, 0, 1, 3, 4]],
    ['last axis moves, small matrices (stock kernel)', [3, 4, 20], [0, 2, 1]],
    ['matrix, ragged tiles', [37, 41], [1, 0]],
    ['batched matrices', [3, 20, 33], [0, 2, 1]],
    ['rank 4, last two axes', [2, 2, 17, 16], [0, 1, 3, 2]],
    ['one-row matrix', [1, 300], [1, 0]],
    ['short runs (stock kernel)', [3, 4, 2], [1, 0, 2]],
  ])('%s moves every element where the permutation says', (_name, shape, perm) => {
    const start = tf.memory().numTensors;
    const out = tf.tidy(() => tf.transpose(ramp(shape), perm));
    expect(out.shape).toEqual(perm.map((axis) => shape[axis]));
    expect(Array.from(out.dataSync())).toEqual(expectedTranspose(shape, perm));
    out.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('keeps int32 and bool values and the gradient (the inverse permutation)', () => {
    const ints = tf.tidy(() => tf.transpose(ramp([2, 3, 16], 'int32'), [1, 0, 2]));
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual(expectedTranspose([2, 3, 16], [1, 0, 2]));
    const bools = tf.tidy(() => tf.transpose(tf.greater(ramp([2, 3, 16]), 40), [1, 0, 2]));
    expect(Array.from(bools.dataSync())).toEqual(
      expectedTranspose([2, 3, 16], [1, 0, 2]).map((v) => (v > 40 ? 1 : 0)),
    );
    const intMatrix = tf.tidy(() => tf.transpose(ramp([19, 23], 'int32')));
    expect(intMatrix.dtype).toBe('int32');
    expect(Array.from(intMatrix.dataSync())).toEqual(expectedTranspose([19, 23], [1, 0]));
    const boolMatrix = tf.tidy(() => tf.transpose(tf.greater(ramp([19, 23]), 200)));
    expect(Array.from(boolMatrix.dataSync())).toEqual(
      expectedTranspose([19, 23], [1, 0]).map((v) => (v > 200 ? 1 : 0)),
    );
    tf.dispose([intMatrix, boolMatrix]);
    const weights = ramp([3, 2, 16]);
    const grad = tf.tidy(() =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.transpose(x, [1, 0, 2]), weights)))(
        ramp([2, 3, 16]),
      ),
    );
    // d/dx sum(transpose(x) * w) = transpose(w) back to x's layout.
    expect(Array.from(grad.dataSync())).toEqual(expectedTranspose([3, 2, 16], [1, 0, 2]));
    tf.dispose([ints, bools, weights, grad]);
  });
});
