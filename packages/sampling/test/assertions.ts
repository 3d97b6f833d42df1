// Small assertions shared by the tests of this package.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Compares two arrays of numbers (with `-Infinity` entries) to `digits` decimals. */
export function expectCloseArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  digits = 5,
) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i += 1) {
    if (expected[i] === -Infinity) expect(actual[i]).toBe(-Infinity);
    else expect(actual[i]).toBeCloseTo(expected[i]!, digits);
  }
}

/** Applies a tensor function to plain logits and returns plain arrays (no tensor survives). */
export function run2d(fn: (logits: tf.Tensor2D) => tf.Tensor2D, logits: number[][]): number[][] {
  const result = tf.tidy(() => fn(tf.tensor2d(logits)));
  const values = result.arraySync();
  result.dispose();
  return values;
}
