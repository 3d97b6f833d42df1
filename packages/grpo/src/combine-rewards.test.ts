import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { combineRewards } from './combine-rewards.js';
import { groupAdvantages } from './group-advantages.js';

// Spec §2.1b: rewards_per_func [sample][function], reward_weights [1, 0.5], one group of 4.
const table = [
  [1, 0.5],
  [0, 1],
  [1, 1],
  [0, 0],
];

describe('combineRewards (spec §2.1b, TRL)', () => {
  it('sum_then_normalize: r = [1.25, 0.5, 1.5, 0] then group advantages', () => {
    const result = combineRewards(table, {
      numGenerations: 4,
      rewardWeights: [1, 0.5],
      multiObjectiveAggregation: 'sum_then_normalize',
    });
    expectClose(result.rewards, [1.25, 0.5, 1.5, 0], 1e-12);
    expectClose(result.advantages, [0.635397, -0.453855, 0.99848, -1.180022], 1e-6);
  });

  it('normalize_then_sum: per-function z, weighted sum, then batch normalization', () => {
    const result = combineRewards(table, {
      numGenerations: 4,
      rewardWeights: [1, 0.5],
      multiObjectiveAggregation: 'normalize_then_sum',
    });
    expectClose(result.advantages, [0.590415, -0.380806, 1.009634, -1.219243], 1e-6);
    // The intermediate z values of the spec, recomputed with groupAdvantages per function.
    expectClose(
      groupAdvantages([1, 0, 1, 0], { numGenerations: 4 }),
      [0.865875, -0.865875, 0.865875, -0.865875],
      1e-6,
    );
    expectClose(
      groupAdvantages([0.5, 1, 1, 0], { numGenerations: 4 }),
      [-0.261062, 0.783186, 0.783186, -1.30531],
      1e-6,
    );
  });

  it('defaults to weights 1 and sum_then_normalize', () => {
    const result = combineRewards(table, { numGenerations: 4 });
    expectClose(result.advantages, groupAdvantages([1.5, 1, 2, 0], { numGenerations: 4 }), 1e-12);
  });

  it('excludes null rewards like TRL nansum/nanmean; all-null samples get advantage 0', () => {
    const withNull = [
      [1, null],
      [0, 1],
      [null, null],
      [0.5, 0.5],
      [1, 1],
      [0, 0],
    ];
    const result = combineRewards(withNull, { numGenerations: 3 });
    expect(Number.isNaN(result.rewards[2]!)).toBe(true);
    expect(result.advantages[2]).toBe(0);
    // The rest of group 0 is normalized as a group of two: rewards [1, 1] -> constant -> 0.
    expectClose(Array.from(result.advantages).slice(0, 2), [0, 0], 0);
    expectClose(
      Array.from(result.advantages).slice(3),
      groupAdvantages([1, 2, 0], { numGenerations: 3 }),
      1e-12,
    );
    const nan = combineRewards(
      [
        [1, Number.NaN],
        [0, 1],
      ],
      { numGenerations: 2 },
    );
    expectClose(nan.rewards, [1, 1], 0);
  });

  it('rejects ragged rows, infinite rewards and wrong weights', () => {
    expectR1kitError(
      () => combineRewards([[1, 0], [1]], { numGenerations: 2 }),
      'SHAPE_MISMATCH',
      'rewardsPerFunction[1]',
    );
    expectR1kitError(
      () => combineRewards([[1], [Number.POSITIVE_INFINITY]], { numGenerations: 2 }),
      'NUMERIC_ERROR',
      'rewardsPerFunction[1][0]',
    );
    expectR1kitError(
      () => combineRewards(table, { numGenerations: 4, rewardWeights: [1] }),
      'INVALID_ARGUMENT',
      'options.rewardWeights',
      '2 finite numbers',
    );
    expectR1kitError(
      () => combineRewards(table, { numGenerations: 3 }),
      'INVALID_ARGUMENT',
      'options.numGenerations',
    );
    expectR1kitError(
      () => combineRewards(table, { numGenerations: 4, multiObjectiveAggregation: 'max' as never }),
      'INVALID_ARGUMENT',
      'options.multiObjectiveAggregation',
    );
    expectR1kitError(
      () => combineRewards([], { numGenerations: 1 }),
      'INVALID_ARGUMENT',
      'rewardsPerFunction',
    );
  });
});
