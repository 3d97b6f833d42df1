import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { filterZeroVarianceGroups } from './filter-zero-variance-groups.js';

describe('filterZeroVarianceGroups', () => {
  const rewards = [1, 1, 1, 1, 1, 0, 0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5];
  it('std rule (DAPO, verl) drops every constant group', () => {
    const result = filterZeroVarianceGroups(rewards, { numGenerations: 4 });
    expect(result).toEqual({ groupIndices: [1], sampleIndices: [4, 5, 6, 7], passRate: 0.25 });
  });
  it('mean-range rule (OpenRLHF) keeps a constant group whose mean is strictly inside the range', () => {
    const result = filterZeroVarianceGroups(rewards, { numGenerations: 4, method: 'mean-range' });
    expect(result.groupIndices).toEqual([1, 3]);
    expect(result.passRate).toBe(0.5);
    expect(
      filterZeroVarianceGroups(rewards, {
        numGenerations: 4,
        method: 'mean-range',
        range: [0.5, 1],
      }).groupIndices,
    ).toEqual([]); // strict: a mean of exactly 0.5 is outside (0.5, 1)
  });
  it('leaves NaN rewards out of the group statistics', () => {
    const nan = Number.NaN;
    // Groups of 2: [1, NaN] has one reward, [NaN, NaN] none, [0, 1] varies, [NaN, 0.5] one.
    expect(
      filterZeroVarianceGroups([1, nan, nan, nan, 0, 1, nan, 0.5], { numGenerations: 2 }),
    ).toEqual({ groupIndices: [2], sampleIndices: [4, 5], passRate: 1 / 4 });
    expect(
      filterZeroVarianceGroups([nan, 0.2, 0.4, 0.2], {
        numGenerations: 2,
        method: 'mean-range',
        range: [0, 0.25],
      }).groupIndices,
    ).toEqual([0]); // means 0.2 and 0.3
  });
  it('rejects bad group sizes, infinite rewards and bad ranges', () => {
    expectR1kitError(
      () => filterZeroVarianceGroups([1, 0, 1], { numGenerations: 2 }),
      'INVALID_ARGUMENT',
      'options.numGenerations',
    );
    expectR1kitError(
      () => filterZeroVarianceGroups([1, Number.POSITIVE_INFINITY], { numGenerations: 2 }),
      'NUMERIC_ERROR',
      'rewards[1]',
    );
    expectR1kitError(
      () =>
        filterZeroVarianceGroups([1, 0], {
          numGenerations: 2,
          method: 'mean-range',
          range: [1, 0],
        }),
      'INVALID_ARGUMENT',
      'options.range',
    );
    expectR1kitError(
      () => filterZeroVarianceGroups([1, 0], { numGenerations: 2, method: 'max' as never }),
      'INVALID_ARGUMENT',
      'options.method',
    );
  });
});
