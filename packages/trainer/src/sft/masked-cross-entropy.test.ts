import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maskedCrossEntropy } from './masked-cross-entropy.js';

/** -log softmax(row)[target] in float64. */
function nll(row: number[], target: number): number {
  const max = Math.max(...row);
  const logSum = max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
  return logSum - row[target]!;
}

describe('maskedCrossEntropy', () => {
  const rows = [
    [
      [1, 2, 0.5],
      [0, -1, 3],
    ],
    [
      [2, 2, 2],
      [0.1, 0.2, -0.3],
    ],
  ];
  const targets = [
    [1, 2],
    [0, 1],
  ];
  const mask = [
    [1, 0],
    [1, 1],
  ];

  it('is the token mean of -log p(target) over masked-in positions', () => {
    const before = tf.memory().numTensors;
    const expected = (nll(rows[0]![0]!, 1) + nll(rows[1]![0]!, 0) + nll(rows[1]![1]!, 1)) / 3;
    const value = tf.tidy(
      () =>
        maskedCrossEntropy(
          tf.tensor3d(rows),
          tf.tensor2d(targets, undefined, 'int32'),
          tf.tensor2d(mask),
        ).dataSync()[0],
    );
    expect(value).toBeCloseTo(expected, 5);
    const summed = tf.tidy(
      () =>
        maskedCrossEntropy(
          tf.tensor3d(rows),
          tf.tensor2d(targets, undefined, 'int32'),
          tf.tensor2d(mask),
          {
            normalizer: 1,
          },
        ).dataSync()[0],
    );
    expect(summed).toBeCloseTo(expected * 3, 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the argument on shape mismatch', () => {
    tf.tidy(() => {
      expect(() =>
        maskedCrossEntropy(
          tf.tensor3d(rows),
          tf.tensor2d([[1, 2, 0]], undefined, 'int32'),
          tf.tensor2d(mask),
        ),
      ).toThrowError(/targets must be a tensor of shape \[2, 2\]/);
      expect(() =>
        maskedCrossEntropy(
          tf.tensor3d(rows),
          tf.tensor2d(targets, undefined, 'int32'),
          tf.tensor2d(mask),
          {
            normalizer: 0,
          },
        ),
      ).toThrowError(/options.normalizer/);
    });
  });
});
