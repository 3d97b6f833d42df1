import { describe, expect, it } from 'vitest';
import { scheduledLearningRate } from './learning-rate-schedule.js';

describe('scheduledLearningRate', () => {
  const base = { learningRate: 1e-3, totalSteps: 110, warmupSteps: 10 };

  it('warms up linearly then follows the cosine (Hugging Face formula)', () => {
    expect(scheduledLearningRate(0, base)).toBe(0);
    expect(scheduledLearningRate(5, base)).toBeCloseTo(5e-4, 12);
    expect(scheduledLearningRate(10, base)).toBeCloseTo(1e-3, 12);
    expect(scheduledLearningRate(60, base)).toBeCloseTo(5e-4, 12);
    expect(scheduledLearningRate(35, base)).toBeCloseTo(
      1e-3 * 0.5 * (1 + Math.cos(Math.PI / 4)),
      12,
    );
    expect(scheduledLearningRate(110, base)).toBeCloseTo(0, 12);
  });

  it('supports linear, constant and a floor', () => {
    expect(scheduledLearningRate(60, { ...base, schedulerType: 'linear' })).toBeCloseTo(5e-4, 12);
    expect(scheduledLearningRate(100, { ...base, schedulerType: 'constant' })).toBe(1e-3);
    expect(scheduledLearningRate(110, { ...base, minLearningRateRatio: 0.1 })).toBeCloseTo(
      1e-4,
      12,
    );
  });

  it('rejects bad options with the argument named', () => {
    expect(() => scheduledLearningRate(0, { ...base, totalSteps: 0 })).toThrowError(
      /options.totalSteps/,
    );
    expect(() => scheduledLearningRate(-1, base)).toThrowError(/step must be an integer >= 0/);
    expect(() =>
      scheduledLearningRate(0, { ...base, schedulerType: 'exp' as 'cosine' }),
    ).toThrowError(/'cosine', 'linear', 'constant'/);
  });
});
