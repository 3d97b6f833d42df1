import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { combineRewards } from './combine-rewards.js';
import { groupAdvantages } from './group-advantages.js';
import { groupStatistics } from './group-statistics.js';

// Reference values: (r − mean) / (unbiased std + epsilon) evaluated in 40-digit decimals (issue 15
// item 8): the float64 squares of these rewards overflow or underflow, the advantages do not.
describe('groupAdvantages: rewards at the ends of the float64 range', () => {
  it('±1e308 give the advantages of the formula, not 0 from an infinite std', () => {
    expectClose(
      groupAdvantages([1e308, -1e308, 1e308, -1e308], { numGenerations: 4 }),
      [0.8660254037844386, -0.8660254037844386, 0.8660254037844386, -0.8660254037844386],
      1e-12,
    );
    // The sum 1.5e308 + 1.5e308 overflows too.
    expectClose(
      groupAdvantages([1.5e308, 1.5e308, -1.5e308], { numGenerations: 3 }),
      [0.5773502691896257, 0.5773502691896257, -1.1547005383792515],
      1e-12,
    );
  });

  it('[0, 1e-300] with epsilon 0 gives ±0.7071, not ±Infinity (the squares underflow)', () => {
    const exact = groupAdvantages([0, 1e-300], { numGenerations: 2, epsilon: 0 });
    expectClose(exact, [-Math.SQRT1_2, Math.SQRT1_2], 1e-12);
    // With TRL's epsilon 1e-4 the spread is negligible: ±5e-297.
    const trl = groupAdvantages([0, 1e-300], { numGenerations: 2 });
    expect(trl[0]! / -5e-297).toBeCloseTo(1, 9);
    expect(trl[1]! / 5e-297).toBeCloseTo(1, 9);
    // Denormal rewards too: [0, 5e-324] is the smallest spread float64 has.
    expectClose(groupAdvantages([0, 5e-324], { numGenerations: 2, epsilon: 0 }), [
      -Math.SQRT1_2,
      Math.SQRT1_2,
    ]);
  });

  it("scale 'batch' divides by the batch std at the batch's scale", () => {
    // Batch std of [1e308, −1e308, 1, 0] is 8.16496580927726e307.
    const result = groupAdvantages([1e308, -1e308, 1, 0], {
      numGenerations: 2,
      scaleRewards: 'batch',
    });
    expectClose(result.subarray(0, 2), [1.224744871391589, -1.224744871391589], 1e-12);
    expect(result[2]! / 6.123724356957946e-309).toBeCloseTo(1, 6);
    expect(result[3]! / -6.123724356957946e-309).toBeCloseTo(1, 6);
  });

  it("an advantage beyond float64 (scale 'none') is NUMERIC_ERROR, not Infinity", () => {
    expectR1kitError(
      () =>
        groupAdvantages([1.7e308, -1.7e308, -1.7e308], { numGenerations: 3, scaleRewards: 'none' }),
      'NUMERIC_ERROR',
      'sample 0',
    );
  });

  it('combineRewards and groupStatistics use the same scaled statistics', () => {
    const combined = combineRewards([[1e308], [-1e308], [1e308], [-1e308]], { numGenerations: 4 });
    expectClose(
      combined.advantages,
      [0.8660254037844386, -0.8660254037844386, 0.8660254037844386, -0.8660254037844386],
      1e-12,
    );
    const stats = groupStatistics([1e308, -1e308], { numGenerations: 2 });
    expect(stats.groupStd[0]! / (Math.SQRT2 * 1e308)).toBeCloseTo(1, 12);
    expect(stats.groupMean[0]).toBe(0);
    expect(stats.fracRewardZeroStd).toBe(0);
  });
});
