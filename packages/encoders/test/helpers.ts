import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** A deterministic pseudo-random array in [-1, 1). */
export function randomArray(length: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  const out = new Float32Array(length);
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[index] = (state / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Reads a tensor as nested arrays (for the plain-JS references). */
export function rows(tensor: tf.Tensor): number[][] {
  return tensor.arraySync() as number[][];
}

/** Asserts element-wise closeness of two (nested) arrays of the same shape. */
export function expectAllClose(actual: unknown, expected: unknown, tolerance = 1e-5): void {
  const a = (actual as number[]).flat(4) as number[];
  const e = (expected as number[]).flat(4) as number[];
  expect(a.length).toBe(e.length);
  for (let index = 0; index < a.length; index++) {
    expect(
      Math.abs(a[index]! - e[index]!),
      `element ${index}: ${a[index]} vs ${e[index]}`,
    ).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(e[index]!)));
  }
}

/** The largest absolute element-wise difference of two tensors (no tensor is kept). */
export function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const value = difference.dataSync()[0]!;
  difference.dispose();
  return value;
}
