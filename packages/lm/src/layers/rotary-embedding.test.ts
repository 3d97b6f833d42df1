import { maxAbsDiff } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { applyRotary, rotaryTables } from './rotary-embedding.js';

const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

/** Rotated values and `d sum(w * rotated) / dx` on a backend, for `[2, heads, time, 8]` heads. */
async function rotate(backend: 'cpu' | 'wasm', heads: number, time: number) {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  const start = tf.memory().numTensors;
  const shape: [number, number, number, number] = [2, heads, time, 8];
  const size = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor4d(
    Array.from({ length: size }, (_, i) => Math.sin(i * 0.37) * 3),
    shape,
  );
  const weights = tf.tensor4d(
    Array.from({ length: size }, (_, i) => Math.cos(i * 0.11)),
    shape,
  );
  const positions = tf.tensor2d(
    Array.from({ length: 2 * time }, (_, i) => i % time),
    [2, time],
  );
  const { cos, sin } = rotaryTables(positions, new Float32Array([1, 0.1, 0.01, 0.001]));
  const { value, grads } = tf.valueAndGrads((input: tf.Tensor) =>
    tf.sum(tf.mul(applyRotary(input as tf.Tensor4D, cos, sin), weights)),
  )([x]);
  const rotated = tf.tidy(() => applyRotary(x, cos, sin).dataSync());
  // The definitions, with this backend's tables: x cos + cat(-x2, x1) sin, and its transpose
  // applied to the weights: w cos + cat(w2 sin2, -w1 sin1).
  const [expectedRotated, expectedGrad] = tf.tidy(() => {
    const [x1, x2] = tf.split(x, 2, 3);
    const definition = tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(x2!), x1!], 3), sin));
    const [w1, w2] = tf.split(tf.mul(weights, sin), 2, 3);
    const gradient = tf.add(tf.mul(weights, cos), tf.concat([w2!, tf.neg(w1!)], 3));
    return [definition.dataSync(), gradient.dataSync()];
  });
  const result = {
    rotated,
    value: value.dataSync()[0]!,
    grad: grads[0]!.dataSync(),
    expectedRotated: expectedRotated!,
    expectedGrad: expectedGrad!,
  };
  tf.dispose([x, weights, positions, cos, sin, value, ...grads]);
  expect(tf.memory().numTensors).toBe(start);
  return result;
}

it.each([
  ['decode-sized (split and concatenation)', 3, 2],
  ['training-sized (a product on wasm)', 4, 40],
])('%s: wasm rotates exactly as cpu, gradient included', async (_label, heads, time) => {
  const cpu = await rotate('cpu', heads, time);
  const wasm = await rotate('wasm', heads, time);
  for (const run of [cpu, wasm]) {
    // Exactly the definition's values on the same backend (a zero may change sign).
    expect(maxAbsDiff(run.rotated, run.expectedRotated)).toBe(0);
    expect(maxAbsDiff(run.grad, run.expectedGrad)).toBe(0);
  }
  // Across backends only the sine and cosine tables differ (by an ulp or so).
  expect(maxAbsDiff(wasm.rotated, cpu.rotated)).toBeLessThan(1e-5);
  expect(maxAbsDiff(wasm.grad, cpu.grad)).toBeLessThan(1e-5);
  expect(wasm.value).toBeCloseTo(cpu.value, 3);
  // Position 0 is the identity rotation; a later position is not.
  expect(cpu.rotated[0]).toBeCloseTo(Math.sin(0) * 3, 6);
  expect(cpu.rotated[8 + 1]).not.toBeCloseTo(Math.sin(9 * 0.37) * 3, 3);
});
