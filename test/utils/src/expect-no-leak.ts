import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Runs `body` and asserts that it leaves `tf.memory().numTensors` unchanged. A body that returns
 * a promise is awaited before the count is compared.
 */
export function expectNoLeak<T>(body: () => Promise<T>): Promise<T>;
export function expectNoLeak<T>(body: () => T): T;
export function expectNoLeak<T>(body: () => T | Promise<T>): T | Promise<T> {
  const before = tf.memory().numTensors;
  const result = body();
  if (result instanceof Promise) {
    return result.then((value) => {
      expect(tf.memory().numTensors, 'live tensors after the call').toBe(before);
      return value;
    });
  }
  expect(tf.memory().numTensors, 'live tensors after the call').toBe(before);
  return result;
}
