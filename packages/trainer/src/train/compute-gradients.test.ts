import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { accumulateGradients, computeGradients } from './compute-gradients.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return R1kitError.isInstance(error) ? error.code : String(error);
  }
  return 'no error';
};

describe('computeGradients', () => {
  it('equals tf.variableGrads, in the order given, zeros for frozen variables', () => {
    const a = tf.variable(
      tf.tensor2d([
        [0.5, -1],
        [2, 0.25],
      ]),
    );
    const b = tf.variable(tf.tensor1d([0.1, -0.3]));
    const frozen = tf.variable(tf.tensor1d([3, 4]), false);
    const x = tf.tensor2d([
      [1, 2],
      [-1, 0.5],
      [0, 3],
    ]);
    const loss = () =>
      tf.mean(tf.square(tf.add(tf.tanh(tf.add(tf.matMul(x, a), b)), frozen))) as tf.Scalar;
    const reference = tf.variableGrads(loss, [a, b]);
    const before = tf.memory().numTensors;
    const { value, gradients } = computeGradients([b, frozen, a], loss);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(value).toBeCloseTo(reference.value.dataSync()[0]!, 6);
    expect(gradients[0]!.dataSync()).toEqual(reference.grads[b.name]!.dataSync());
    expect(Array.from(gradients[1]!.dataSync())).toEqual([0, 0]);
    expect(gradients[2]!.dataSync()).toEqual(reference.grads[a.name]!.dataSync());
    tf.dispose([...gradients, reference.value, ...Object.values(reference.grads), a, b, frozen, x]);
  });

  it('refuses a loss that is not finite, not a scalar, or not built from the variables', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const other = tf.variable(tf.scalar(1));
    const frozen = tf.variable(tf.scalar(1), false);
    const before = tf.memory().numTensors;
    expect(codeOf(() => computeGradients([w], () => tf.sum(tf.log(tf.neg(w)))))).toBe(
      'NUMERIC_ERROR',
    );
    expect(codeOf(() => computeGradients([w], () => tf.square(w) as unknown as tf.Scalar))).toBe(
      'SHAPE_MISMATCH',
    );
    expect(codeOf(() => computeGradients([w], () => tf.square(other)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => computeGradients([frozen], () => tf.square(frozen)))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, other, frozen]);
  });

  it('accumulates micro-batch gradients', () => {
    const sum = accumulateGradients(undefined, [tf.tensor1d([1, 2])]);
    const next = accumulateGradients(sum, [tf.tensor1d([0.5, -4])]);
    expect(Array.from(next[0]!.dataSync())).toEqual([1.5, -2]);
    tf.dispose(next);
  });
});
