import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose, numericGradient, seededRandom } from '../test/helpers.js';
import { referenceKl } from '../test/reference.js';
import { type KlEstimator, type KlPenaltyOptions, klPenalty } from './kl-penalty.js';

/** KL of logp = d against ref = 0, read back. */
function klOf(d: number[], options: KlPenaltyOptions): Float32Array {
  return expectNoLeak(() => {
    const logp = tf.tensor1d(d);
    const ref = tf.zerosLike(logp);
    const kl = klPenalty(logp, ref, options);
    const values = kl.dataSync() as Float32Array;
    tf.dispose([logp, ref, kl]);
    return values;
  });
}

/** Gradient of Σ w·kl with respect to logp (ref = 0). */
function gradOf(d: number[], weights: number[], options: KlPenaltyOptions): Float32Array {
  return expectNoLeak(() => {
    const logp = tf.tensor1d(d);
    const ref = tf.zerosLike(logp);
    const w = tf.tensor1d(weights);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(klPenalty(x, ref, options), w)))(logp);
    const values = grad.dataSync() as Float32Array;
    tf.dispose([logp, ref, w, grad]);
    return values;
  });
}

describe('klPenalty: spec §2.5 values', () => {
  const d = [0.2, 0.2, -0.5];
  const expected = {
    k1: [0.2, 0.2, -0.5],
    abs: [0.2, 0.2, 0.5],
    k2: [0.02, 0.02, 0.125],
    k3: [0.018731, 0.018731, 0.148721],
  };
  for (const [estimator, values] of Object.entries(expected)) {
    it(`${estimator} and ${estimator}+ for every preset`, () => {
      for (const preset of ['trl', 'verl', 'openrlhf'] as const) {
        expectClose(klOf(d, { estimator: estimator as KlEstimator, preset }), values, 1e-6);
        expectClose(klOf(d, { estimator: `${estimator}+` as KlEstimator, preset }), values, 1e-6);
      }
    });
  }

  it('defaults to k3 with no clamp (TRL)', () => {
    expectClose(klOf(d, {}), expected.k3, 1e-6);
  });
});

describe('klPenalty: spec §2.5 clamp vectors', () => {
  const d = [25, 12, -5, -12, -25];
  it('k3: TRL none, verl ±20 then ±10, OpenRLHF ±10', () => {
    const trl = klOf(d, { estimator: 'k3', preset: 'trl' });
    [24, 11, 142.413, 162742, 7.20049e10].forEach((value, i) => {
      expect(Math.abs(trl[i]! - value) / value).toBeLessThan(2e-6);
    });
    expectClose(klOf(d, { estimator: 'k3', preset: 'verl' }), [10, 10, 10, 10, 10], 0);
    expectClose(klOf(d, { estimator: 'k3', preset: 'openrlhf' }), [10, 10, 10, 10, 10], 0);
    expectClose(klOf(d, { estimator: 'k3+', preset: 'verl' }), [10, 10, 10, 10, 10], 0);
  });

  it('k1: verl none, OpenRLHF ±10', () => {
    expectClose(klOf(d, { estimator: 'k1', preset: 'verl' }), d, 0);
    expectClose(klOf(d, { estimator: 'k1', preset: 'openrlhf' }), [10, 10, -5, -10, -10], 0);
  });

  it('explicit clamp and logRatioClamp override the preset', () => {
    expectClose(
      klOf(d, { estimator: 'k1', preset: 'openrlhf', clamp: 20 }),
      [20, 12, -5, -12, -20],
      0,
    );
    expectClose(klOf([-25], { estimator: 'k3', logRatioClamp: 1 }), [Math.E - 2], 1e-6);
    expectClose(
      klOf(d, { estimator: 'k1', preset: 'openrlhf', clamp: Number.POSITIVE_INFINITY }),
      d,
      0,
    );
  });

  it('clamped entries have zero gradient; "+" forms keep the k2 gradient d', () => {
    expectClose(
      gradOf([-12, 0.5], [1, 1], { estimator: 'k3', preset: 'verl' }),
      [0, 1 - Math.exp(-0.5)],
      1e-6,
    );
    expectClose(gradOf([25, 0.5], [1, 1], { estimator: 'k1', preset: 'openrlhf' }), [0, 1], 1e-6);
    expectClose(gradOf([-12, 0.5], [1, 1], { estimator: 'k3+', preset: 'verl' }), [-12, 0.5], 1e-6);
  });
});

describe('klPenalty: gradients vs finite differences', () => {
  const random = seededRandom(11);
  const d = Array.from({ length: 8 }, () => random() * 2 - 1);
  const weights = Array.from({ length: 8 }, () => random() + 0.5);
  const sum = (estimator: 'k1' | 'k2' | 'k3' | 'abs') => (x: Float64Array) =>
    x.reduce((total, value, i) => total + weights[i]! * referenceKl(estimator, value), 0);
  for (const estimator of ['k1', 'k2', 'k3', 'abs'] as const) {
    it(`${estimator}: the estimator's own gradient`, () => {
      expectClose(gradOf(d, weights, { estimator }), numericGradient(sum(estimator), d), 1e-5);
    });
    it(`${estimator}+: the gradient of k2 (value of ${estimator})`, () => {
      const plus = `${estimator}+` as KlEstimator;
      expectClose(gradOf(d, weights, { estimator: plus }), numericGradient(sum('k2'), d), 1e-5);
      expectClose(
        klOf(d, { estimator: plus }),
        d.map((x) => referenceKl(estimator, x)),
        1e-6,
      );
    });
  }
});

describe('klPenalty: KL in the reward (spec §2.5, beta 0.1)', () => {
  it('reproduces the verl, OpenRLHF and TRL RLOO token rewards from k1 on rollout log-probs', () => {
    const old = tf.tensor1d([-1.0, -0.5, -2.0]);
    const ref = tf.tensor1d([-1.2, -0.7, -1.5]);
    const k1 = Array.from(klPenalty(old, ref, { estimator: 'k1' }).dataSync());
    tf.dispose([old, ref]);
    const tokenRewards = k1.map((kl, t) => -0.1 * kl + (t === 2 ? 1 : 0));
    expectClose(tokenRewards, [-0.02, -0.02, 1.05], 1e-6);
    expectClose(
      tokenRewards.reduce((a, b) => a + b),
      1.01,
      1e-6,
    );
    const returns = tokenRewards.map((_, t) => tokenRewards.slice(t).reduce((a, b) => a + b));
    expectClose(returns, [1.01, 1.03, 1.05], 1e-6);
  });
});

describe('klPenalty: bad input', () => {
  it('rejects mismatched shapes, unknown estimators and bad clamps', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([3, 2]);
    expectR1kitError(() => klPenalty(a, b), 'SHAPE_MISMATCH', 'refLogp', '[2, 3]');
    expectR1kitError(
      () => klPenalty(a, a, { estimator: 'full' as never }),
      'INVALID_ARGUMENT',
      'options.estimator',
      'full',
    );
    expectR1kitError(() => klPenalty(a, a, { clamp: -1 }), 'INVALID_ARGUMENT', 'options.clamp');
    expectR1kitError(
      () => klPenalty(a, a, { logRatioClamp: 0 }),
      'INVALID_ARGUMENT',
      'options.logRatioClamp',
    );
    expectR1kitError(() => klPenalty([1] as never, a), 'INVALID_ARGUMENT', 'logp', 'tf.Tensor');
    tf.dispose([a, b]);
    expectR1kitError(() => klPenalty(a, a), 'INVALID_STATE', 'logp', 'disposed');
  });
});
