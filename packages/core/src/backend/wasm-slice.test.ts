import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmSliceInPlace } from './wasm-slice.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  wasmSliceInPlace(tf);
  wasmSliceInPlace(tf); // idempotent
});
afterAll(async () => {
  if (original) await tf.setBackend(original);
});

/** Runs `fn` on the cpu backend and on wasm, returning both results as nested arrays. */
async function onBoth(fn: () => tf.Tensor | tf.Tensor[]) {
  const run = () => {
    const start = tf.memory().numTensors;
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const arrays = list.map((t) => ({ shape: t.shape, dtype: t.dtype, values: t.arraySync() }));
    tf.dispose(list);
    expect(tf.memory().numTensors).toBe(start);
    return arrays;
  };
  const wasm = run();
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

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

describe('wasmSliceInPlace', () => {
  it.each([
    ['contiguous rows', () => tf.slice(ramp([6, 5, 4]), [2, 0, 0], [3, -1, -1])],
    ['inner block', () => tf.slice(ramp([4, 5, 6]), [1, 2, 3], [2, 2, 2])],
    ['last axis of rank 4', () => tf.slice(ramp([2, 3, 4, 8]), [0, 0, 0, 4], [-1, -1, -1, 4])],
    ['rank 5', () => tf.slice(ramp([2, 2, 3, 2, 3]), [1, 0, 1, 0, 1], [1, 2, 2, 2, 2])],
    ['scalar-number begin and size', () => tf.slice(ramp([5, 3]), 1, 2)],
    ['int32', () => tf.slice(ramp([4, 6], 'int32'), [1, 2], [2, 3])],
    ['bool', () => tf.slice(tf.greater(ramp([4, 6]), 10), [1, 1], [3, 4])],
    ['empty', () => tf.slice(ramp([4, 6]), [1, 2], [0, 3])],
    ['split in halves (rotary)', () => tf.split(ramp([2, 3, 4, 8]), 2, 3)],
    ['split with sizes and -1', () => tf.split(ramp([7, 3]), [2, -1, 1], 0)],
    ['unstack axis 0', () => tf.unstack(ramp([3, 2, 4]))],
    ['unstack axis 1', () => tf.unstack(ramp([3, 2, 4]), 1)],
    ['string slice (stock kernel)', () => tf.slice(tf.tensor(['a', 'b', 'c', 'd']), [1], [2])],
  ])('%s equals the cpu backend', async (_name, fn) => {
    const { wasm, cpu } = await onBoth(fn as () => tf.Tensor | tf.Tensor[]);
    expect(wasm).toEqual(cpu);
  });

  it('keeps slice gradients (the pad of the upstream gradient)', async () => {
    const fn = () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.slice(x, [1, 1], [2, 2]), 3)))(ramp([4, 4]));
    const { wasm, cpu } = await onBoth(fn);
    expect(wasm).toEqual(cpu);
    expect(wasm[0].values).toEqual([
      [0, 0, 0, 0],
      [0, 3, 3, 0],
      [0, 3, 3, 0],
      [0, 0, 0, 0],
    ]);
  });
});
