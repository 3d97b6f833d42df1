import { RandomGenerator } from '@r1kit/core';
import { errorCode } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { sampleCategorical } from './sample-categorical.js';

const probabilities = [0.1, 0, 0.6, 0.3];
const logProbabilities = probabilities.map(Math.log);

describe('sampleCategorical', () => {
  it('inverts the cumulative distribution at one nextFloat() draw', () => {
    for (let seed = 0; seed < 50; seed += 1) {
      const u = RandomGenerator.fromSeed(seed).nextFloat();
      const expected = u < 0.1 ? 0 : u < 0.7 ? 2 : 3;
      const rng = RandomGenerator.fromSeed(seed);
      expect(sampleCategorical(logProbabilities, { rng })).toBe(expected);
      // Exactly one draw was consumed.
      const reference = RandomGenerator.fromSeed(seed);
      reference.nextFloat();
      expect(rng.getState()).toEqual(reference.getState());
    }
  });

  it('matches the distribution and never draws a zero-probability token', () => {
    const rng = RandomGenerator.fromSeed(123);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i += 1) counts[sampleCategorical(logProbabilities, { rng })]! += 1;
    expect(counts[1]).toBe(0);
    probabilities.forEach((p, i) => {
      // Binomial standard deviation sqrt(n p (1 - p)) <= 70; allow 5 sigma.
      expect(Math.abs(counts[i]! - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)) + 1);
    });
  });

  it('normalises unnormalised log-weights', () => {
    const shifted = logProbabilities.map((x) => x + 40);
    for (let seed = 0; seed < 20; seed += 1) {
      const a = sampleCategorical(shifted, { rng: RandomGenerator.fromSeed(seed) });
      const b = sampleCategorical(logProbabilities, { rng: RandomGenerator.fromSeed(seed) });
      expect(a).toBe(b);
    }
  });

  it('raises NUMERIC_ERROR for NaN or an all-masked row, INVALID_ARGUMENT without rng', async () => {
    const rng = RandomGenerator.fromSeed(1);
    expect(await errorCode(() => sampleCategorical([0, Number.NaN], { rng }))).toBe(
      'NUMERIC_ERROR',
    );
    expect(await errorCode(() => sampleCategorical([-Infinity, -Infinity], { rng }))).toBe(
      'NUMERIC_ERROR',
    );
    expect(await errorCode(() => sampleCategorical([0], {} as never))).toBe('INVALID_ARGUMENT');
  });
});
