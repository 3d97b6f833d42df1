import type { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip-by-global-norm.js';

describe('clipByGlobalNorm', () => {
  it('scales by maxNorm / (norm + 1e-6) over all tensors together', () => {
    const before = tf.memory().numTensors;
    const inputs = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])];
    const { gradients, globalNorm } = clipByGlobalNorm(inputs, { maxNorm: 2 });
    expect(globalNorm).toBeCloseTo(5, 6);
    const scale = 2 / (5 + 1e-6);
    expect(Array.from(gradients[0]!.dataSync())[0]).toBeCloseTo(3 * scale, 6);
    expect(Array.from(gradients[1]!.dataSync())[1]).toBeCloseTo(4 * scale, 6);
    tf.dispose([...inputs, ...gradients]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves small gradients unchanged and measures with Infinity', () => {
    const input = tf.tensor1d([0.3, 0.4]);
    const small = clipByGlobalNorm([input], { maxNorm: 1 });
    expect(Array.from(small.gradients[0]!.dataSync())).toEqual(Array.from(input.dataSync()));
    const measured = clipByGlobalNorm([input], { maxNorm: Number.POSITIVE_INFINITY });
    expect(measured.globalNorm).toBeCloseTo(0.5, 6);
    tf.dispose([input, ...small.gradients, ...measured.gradients]);
  });

  it('raises NUMERIC_ERROR on NaN gradients and INVALID_ARGUMENT on a bad maxNorm', () => {
    const input = tf.tensor1d([Number.NaN, 1]);
    expect(() => clipByGlobalNorm([input])).toThrowError(/NaN/);
    try {
      clipByGlobalNorm([input], { maxNorm: -1 });
    } catch (error) {
      expect((error as R1kitError).code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toContain('options.maxNorm');
    }
    try {
      clipByGlobalNorm([input]);
    } catch (error) {
      expect((error as R1kitError).code).toBe('NUMERIC_ERROR');
    }
    input.dispose();
  });
});
