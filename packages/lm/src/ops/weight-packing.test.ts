import { expectNoLeak, maxAbsDiff } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseMatMul } from '../layers/dense-matmul.js';
import { releasePackedWeights, type WeightPacking, weightCopy } from './weight-packing.js';

const original = tf.getBackend();
beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend(original);
});

/** Size of the wasm heap in MiB (it grows and never shrinks). */
const heapMiB = () =>
  (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20;

/** Deterministic `[rows, columns]` values. */
const matrix = (rows: number, columns: number, phase: number) =>
  tf.tensor2d(
    Array.from({ length: rows * columns }, (_, i) => Math.sin(i * 0.37 + phase)),
    [rows, columns],
  );

describe('transient weight packing (wasm)', () => {
  it('gives the same value and gradient of a as the cached product', () => {
    const run = (packing: WeightPacking) =>
      expectNoLeak(() => {
        const a = tf.tidy(() => tf.variable(matrix(12, 6, 0.1)));
        const b = tf.tidy(() => tf.variable(matrix(6, 5, 0.7), false));
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.sin(denseMatMul(a, b, false, packing))) as tf.Scalar,
          [a],
        );
        const result = {
          value: value.dataSync()[0]!,
          gradient: grads[a.name]!.dataSync() as Float32Array,
        };
        tf.dispose([a, b, value, ...Object.values(grads)]);
        return result;
      });
    const cached = run('cached');
    const transient = run('transient');
    expect(transient.value).toBe(cached.value);
    expect(maxAbsDiff(transient.gradient, cached.gradient)).toBe(0);
    expect(cached.gradient.some((g) => Math.abs(g) > 0.01)).toBe(true);
  });

  it('keeps one packed weight at a time; releasePackedWeights frees the cached ones', () => {
    // 16 frozen 1024 x 1024 weights (4 MiB each): cached products keep a 4 MiB packed copy of
    // each (64 MiB); transient products pack a short-lived copy and free it.
    const weights = Array.from({ length: 16 }, (_, i) =>
      tf.tidy(() => tf.variable(tf.randomNormal([1024, 1024], 0, 1, 'float32', i), false)),
    );
    const x = matrix(4, 1024, 0.3);
    const multiplyAll = (packing: WeightPacking) => {
      for (const weight of weights)
        tf.tidy(() => denseMatMul(x, weight as tf.Tensor2D, false, packing).dataSync());
    };
    multiplyAll('transient'); // warm-up: the heap room of one copy and one packed copy
    const start = heapMiB();
    multiplyAll('transient');
    const afterTransient = heapMiB();
    multiplyAll('cached');
    const afterCached = heapMiB();
    const before = weights.map((weight) => weight.dataSync().slice(0, 8));
    releasePackedWeights(weights);
    multiplyAll('cached'); // re-packs into the room the released copies left
    const afterRelease = heapMiB();
    expect(afterTransient - start).toBeLessThan(8);
    expect(afterCached - afterTransient).toBeGreaterThan(48);
    expect(afterRelease - afterCached).toBeLessThan(24);
    // Same values, names and flags after the release.
    weights.forEach((weight, i) => {
      expect(Array.from(weight.dataSync().slice(0, 8))).toEqual(Array.from(before[i]!));
      expect(weight.trainable).toBe(false);
    });
    tf.dispose([x, ...weights]);
  });

  it('weightCopy copies every float32 exactly into a buffer of its own', () => {
    expectNoLeak(() => {
      const weight = tf.tensor1d([-0, 0, 1.5e-45, -3.4e38, Number.NaN, 1 / 3]);
      const copy = weightCopy(weight);
      const values = copy.dataSync();
      expect(Object.is(values[0], -0)).toBe(true);
      expect(Array.from(values.slice(1, 4))).toEqual(Array.from(weight.dataSync().slice(1, 4)));
      expect(Number.isNaN(values[4])).toBe(true);
      expect(values[5]).toBe(weight.dataSync()[5]);
      expect(copy.dataId).not.toBe(weight.dataId);
      tf.dispose([weight, copy]);
    });
  });
});
