import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { importanceSamplingCorrection } from './importance-sampling-correction.js';

// Two rows, three tokens; row 1 has a padded last token.
const old = [
  [-1.0, -2.0, -0.5],
  [-0.2, -3.0, -9.0],
];
const sampling = [
  [-1.5, -1.0, -0.5],
  [-0.2, -4.5, -1.0],
];
const mask = [
  [1, 1, 1],
  [1, 1, 0],
];

function run(mode: Parameters<typeof importanceSamplingCorrection>[1]) {
  const before = tf.memory().numTensors;
  const inputs = {
    oldLogp: tf.tensor2d(old),
    samplingLogp: tf.tensor2d(sampling),
    mask: tf.tensor2d(mask),
  };
  const result = importanceSamplingCorrection(inputs, mode);
  const weights = result.weights.arraySync();
  const ratio = result.ratio.arraySync();
  tf.dispose([result.weights, result.ratio, inputs.oldLogp, inputs.samplingLogp, inputs.mask]);
  expect(tf.memory().numTensors).toBe(before);
  return { weights, ratio, metrics: result.metrics };
}

function expectRows(actual: number[][], expected: number[][]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => {
    row.forEach((value, t) => {
      expect(value).toBeCloseTo(expected[r]![t]!, 5);
    });
  });
}

// Hand-computed: per-token gaps (old - sampling) * mask = [[0.5, -1, 0], [0, 1.5, 0]].
const e = Math.exp;

describe('importanceSamplingCorrection (TRL vllm_importance_sampling_correction)', () => {
  it('token_truncate clips each token ratio at the cap', () => {
    const { weights, metrics } = run({
      vllmImportanceSamplingMode: 'token_truncate',
      vllmImportanceSamplingCap: 2,
    });
    expectRows(weights, [
      [e(0.5), e(-1), 1],
      [1, 2, 1],
    ]);
    expect(metrics['sampling/importance_sampling_ratio/min']).toBeCloseTo(e(-1), 5);
    expect(metrics['sampling/importance_sampling_ratio/max']).toBeCloseTo(2, 5);
    expect(metrics['sampling/importance_sampling_ratio/mean']).toBeCloseTo(
      (e(0.5) + e(-1) + 1 + 1 + 2) / 5,
      5,
    );
    // |gap| over the five masked tokens; the padded token's 8.0 gap is left out.
    expect(metrics['sampling/sampling_logp_difference/mean']).toBeCloseTo(3 / 5, 5);
    expect(metrics['sampling/sampling_logp_difference/max']).toBeCloseTo(1.5, 5);
  });

  it('token_mask zeroes token ratios above the cap', () => {
    const { weights } = run({
      vllmImportanceSamplingMode: 'token_mask',
      vllmImportanceSamplingCap: 2,
    });
    expectRows(weights, [
      [e(0.5), e(-1), 1],
      [1, 0, 1],
    ]);
  });

  it('sequence_truncate uses exp(sum of gaps) per row, clipped', () => {
    const { weights, ratio, metrics } = run({
      vllmImportanceSamplingMode: 'sequence_truncate',
      vllmImportanceSamplingCap: 2,
    });
    expectRows(ratio, [[e(-0.5)], [2]]);
    expectRows(weights, [
      [e(-0.5), e(-0.5), e(-0.5)],
      [2, 2, 2],
    ]);
    expect(metrics['sampling/importance_sampling_ratio/mean']).toBeCloseTo((e(-0.5) + 2) / 2, 5);
    expect(metrics['sampling/importance_sampling_ratio/min']).toBeCloseTo(e(-0.5), 5);
  });

  it('sequence_mask (the default, cap 3) drops a sequence whose ratio exceeds the cap', () => {
    const { ratio } = run({});
    // Row 1: exp(1.5) = 4.48 > 3, masked to 0.
    expectRows(ratio, [[e(-0.5)], [0]]);
  });

  it('equals 1 everywhere when sampler and trainer agree', () => {
    const before = tf.memory().numTensors;
    const logp = tf.tensor2d(old);
    const m = tf.tensor2d(mask);
    for (const mode of [
      'token_truncate',
      'token_mask',
      'sequence_truncate',
      'sequence_mask',
    ] as const) {
      const result = importanceSamplingCorrection(
        { oldLogp: logp, samplingLogp: logp, mask: m },
        { vllmImportanceSamplingMode: mode },
      );
      expect(Array.from(result.weights.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
      expect(result.metrics['sampling/sampling_logp_difference/max']).toBe(0);
      tf.dispose([result.weights, result.ratio]);
    }
    tf.dispose([logp, m]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an unknown mode, a non-positive cap and mismatched shapes', () => {
    const a = tf.tensor2d([[0, 0]]);
    const b = tf.tensor2d([[0, 0, 0]]);
    const call =
      (options: object, samplingLogp = a) =>
      () =>
        importanceSamplingCorrection({ oldLogp: a, samplingLogp, mask: a }, options as never);
    expect(call({ vllmImportanceSamplingMode: 'token' })).toThrow(/one of 'token_truncate'/);
    expect(call({ vllmImportanceSamplingCap: 0 })).toThrow(R1kitError);
    try {
      call({}, b)();
    } catch (error) {
      expect(R1kitError.isInstance(error) && error.code).toBe('SHAPE_MISMATCH');
    }
    expect(call({}, b)).toThrow(/inputs.samplingLogp/);
    tf.dispose([a, b]);
  });
});
