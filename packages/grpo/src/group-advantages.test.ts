import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectClose, seededRandom } from '../test/helpers.js';
import { groupAdvantages } from './group-advantages.js';

// Spec §2.1 test vectors (6 decimal places): rewards -> advantages per column. They are kept as
// printed in the spec, so the lint rule preferring Math.SQRT2 / Math.SQRT1_2 is silenced below.
const table = [
  {
    rewards: [1, 0, 0.5, 0.5],
    trl: [1.224445, -1.224445, 0, 0],
    verl: [1.224742, -1.224742, 0, 0],
    openrlhf: [1.224745, -1.224745, 0, 0],
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: spec value
    biased: [1.414214, -1.414214, 0, 0],
    noStd: [0.5, -0.5, 0, 0],
    rloo: [0.666667, -0.666667, 0, 0],
  },
  {
    rewards: [1, 1, 1, 0],
    trl: [0.4999, 0.4999, 0.4999, -1.4997],
    verl: [0.499999, 0.499999, 0.499999, -1.499997],
    openrlhf: [0.5, 0.5, 0.5, -1.5],
    biased: [0.57735, 0.57735, 0.57735, -1.732051],
    noStd: [0.25, 0.25, 0.25, -0.75],
    rloo: [0.333333, 0.333333, 0.333333, -1],
  },
  {
    rewards: [1, 1, 1, 1],
    trl: [0, 0, 0, 0],
    verl: [0, 0, 0, 0],
    openrlhf: [0, 0, 0, 0],
    biased: [0, 0, 0, 0],
    noStd: [0, 0, 0, 0],
    rloo: [0, 0, 0, 0],
  },
  {
    rewards: [0, 1],
    trl: [-0.707007, 0.707007],
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: spec value
    verl: [-0.707106, 0.707106],
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: spec value
    openrlhf: [-0.707107, 0.707107],
    biased: [-1, 1],
    noStd: [-0.5, 0.5],
    rloo: [-1, 1],
  },
];

describe('groupAdvantages: spec vectors', () => {
  for (const row of table) {
    const numGenerations = row.rewards.length;
    it(`rewards [${row.rewards}] for every preset and estimator`, () => {
      // The spec rounds to 6 d.p.; allow 1e-6 plus rounding.
      const tol = 1.5e-6;
      expectClose(groupAdvantages(row.rewards, { numGenerations }), row.trl, tol);
      expectClose(groupAdvantages(row.rewards, { numGenerations, preset: 'trl' }), row.trl, tol);
      expectClose(groupAdvantages(row.rewards, { numGenerations, preset: 'verl' }), row.verl, tol);
      expectClose(
        groupAdvantages(row.rewards, { numGenerations, preset: 'openrlhf' }),
        row.openrlhf,
        tol,
      );
      expectClose(
        groupAdvantages(row.rewards, { numGenerations, unbiasedStd: false, epsilon: 0 }),
        row.biased,
        tol,
      );
      for (const preset of ['trl', 'verl', 'openrlhf'] as const) {
        expectClose(
          groupAdvantages(row.rewards, { numGenerations, preset, scaleRewards: 'none' }),
          row.noStd,
          tol,
        );
        expectClose(
          groupAdvantages(row.rewards, { numGenerations, preset, estimator: 'rloo' }),
          row.rloo,
          tol,
        );
      }
    });
  }

  it('TRL scale "batch" divides by the batch std (0.443203)', () => {
    const rewards = [1, 0, 0.5, 0.5, 1, 1, 1, 0];
    const expected = [1.127898, -1.127898, 0, 0, 0.563949, 0.563949, 0.563949, -1.691846];
    expectClose(
      groupAdvantages(rewards, { numGenerations: 4, scaleRewards: 'batch' }),
      expected,
      1.5e-6,
    );
  });

  it('processes several groups independently and returns a Float64Array', () => {
    const result = groupAdvantages([1, 0, 0.5, 0.5, 1, 1, 1, 1], { numGenerations: 4 });
    expect(result).toBeInstanceOf(Float64Array);
    expectClose(result, [1.224445, -1.224445, 0, 0, 0, 0, 0, 0], 1.5e-6);
  });
});

describe('groupAdvantages: conventions', () => {
  it('gives exactly 0 for a constant group even when its float mean is inexact', () => {
    const result = groupAdvantages([0.1, 0.1, 0.1, 0.7, 0.7, 0.7], {
      numGenerations: 3,
      preset: 'openrlhf',
    });
    expect(Array.from(result)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('RLOO equals the reward minus the mean of the other samples', () => {
    const random = seededRandom(7);
    const rewards = Array.from({ length: 12 }, () => random());
    const result = groupAdvantages(rewards, { numGenerations: 6, estimator: 'rloo' });
    rewards.forEach((reward, i) => {
      const start = Math.floor(i / 6) * 6;
      const others = rewards.slice(start, start + 6).filter((_, j) => start + j !== i);
      const baseline = others.reduce((a, b) => a + b, 0) / others.length;
      expectClose(result[i]!, reward - baseline, 1e-12);
    });
  });

  it('verl allows a group of one (mean 0, std 1); TRL does not', () => {
    expectClose(
      groupAdvantages([2, -1], { numGenerations: 1, preset: 'verl' }),
      [2 / (1 + 1e-6), -1 / (1 + 1e-6)],
      1e-12,
    );
    expectR1kitError(
      () => groupAdvantages([2, -1], { numGenerations: 1 }),
      'INVALID_ARGUMENT',
      'options.numGenerations',
      '>= 2',
    );
  });

  it('an explicit epsilon overrides the preset', () => {
    expectClose(
      groupAdvantages([0, 1], { numGenerations: 2, epsilon: 0.5, preset: 'verl' }),
      [-0.5 / (Math.SQRT1_2 + 0.5), 0.5 / (Math.SQRT1_2 + 0.5)],
      1e-12,
    );
  });

  it('does not mutate its input', () => {
    const rewards = [1, 0, 0.5, 0.5];
    groupAdvantages(rewards, { numGenerations: 4 });
    expect(rewards).toEqual([1, 0, 0.5, 0.5]);
  });
});

describe('groupAdvantages: bad input', () => {
  it('rejects a numGenerations that does not divide the batch', () => {
    expectR1kitError(
      () => groupAdvantages([1, 0, 1], { numGenerations: 2 }),
      'INVALID_ARGUMENT',
      'options.numGenerations',
      'divides',
      'received 2',
    );
  });
  it('rejects NaN and infinite rewards with NUMERIC_ERROR naming the index', () => {
    expectR1kitError(
      () => groupAdvantages([1, Number.NaN], { numGenerations: 2 }),
      'NUMERIC_ERROR',
      'rewards[1]',
      'received NaN',
    );
    expectR1kitError(
      () => groupAdvantages([Number.POSITIVE_INFINITY, 0], { numGenerations: 2 }),
      'NUMERIC_ERROR',
      'rewards[0]',
    );
  });
  it('rejects a negative epsilon, unknown names and empty or non-array rewards', () => {
    expectR1kitError(
      () => groupAdvantages([1, 0], { numGenerations: 2, epsilon: -1e-4 }),
      'INVALID_ARGUMENT',
      'options.epsilon',
      '>= 0',
    );
    expectR1kitError(
      () => groupAdvantages([1, 0], { numGenerations: 2, preset: 'ppo' as never }),
      'INVALID_ARGUMENT',
      'options.preset',
    );
    expectR1kitError(
      () => groupAdvantages([1, 0], { numGenerations: 2, scaleRewards: 'std' as never }),
      'INVALID_ARGUMENT',
      'options.scaleRewards',
    );
    expectR1kitError(
      () => groupAdvantages([1, 0], { numGenerations: 2, estimator: 'ppo' as never }),
      'INVALID_ARGUMENT',
      'options.estimator',
    );
    expectR1kitError(
      () => groupAdvantages([], { numGenerations: 2 }),
      'INVALID_ARGUMENT',
      'rewards',
    );
    expectR1kitError(
      () => groupAdvantages('1,0' as never, { numGenerations: 2 }),
      'INVALID_ARGUMENT',
      'rewards',
    );
  });
});
