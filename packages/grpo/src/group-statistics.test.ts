import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import {
  fracRewardZeroStd,
  groupStatistics,
  rewardFunctionStatistics,
} from './group-statistics.js';

describe('groupStatistics', () => {
  it('reports per-group unbiased std and the zero-std fraction', () => {
    const stats = groupStatistics([1, 0, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 0], { numGenerations: 4 });
    expectClose(stats.groupMean, [0.5, 1, 0.75], 1e-12);
    expectClose(stats.groupStd, [0.408248, 0, 0.5], 1e-6);
    expect(stats.fracRewardZeroStd).toBeCloseTo(1 / 3, 12);
    expectClose(stats.rewardMean, 9 / 12, 1e-12);
    expect(fracRewardZeroStd([1, 1, 0, 1], { numGenerations: 2 })).toBe(0.5);
  });

  it('ignores NaN rewards (TRL nanmean / nanstd)', () => {
    const stats = groupStatistics([1, Number.NaN, 0, 1], { numGenerations: 2 });
    expectClose(stats.groupMean, [1, 0.5], 1e-12);
    expectClose(stats.groupStd, [0, Math.SQRT1_2], 1e-12);
    expect(stats.fracRewardZeroStd).toBe(0.5);
  });

  it('rejects bad group sizes and infinite rewards', () => {
    expectR1kitError(
      () => groupStatistics([1, 2, 3], { numGenerations: 2 }),
      'INVALID_ARGUMENT',
      'options.numGenerations',
    );
    expectR1kitError(
      () => groupStatistics([1, Number.NEGATIVE_INFINITY], { numGenerations: 2 }),
      'NUMERIC_ERROR',
      'rewards[1]',
    );
  });
});

describe('rewardFunctionStatistics (spec §2.1b logging)', () => {
  it('gives per-function nanmean and unbiased nanstd', () => {
    const stats = rewardFunctionStatistics([
      [1, 0.5],
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    expectClose([stats[0]!.mean, stats[0]!.std], [0.5, 0.57735], 1e-5);
    expectClose([stats[1]!.mean, stats[1]!.std], [0.625, 0.478714], 1e-6);
  });
  it('skips null entries', () => {
    const stats = rewardFunctionStatistics([
      [1, null],
      [0, 1],
      [null, 0],
    ]);
    expectClose([stats[0]!.mean, stats[0]!.std, stats[1]!.mean], [0.5, Math.SQRT1_2, 0.5], 1e-12);
  });
  it('rejects an empty table', () => {
    expectR1kitError(() => rewardFunctionStatistics([]), 'INVALID_ARGUMENT', 'rewardsPerFunction');
  });
});
