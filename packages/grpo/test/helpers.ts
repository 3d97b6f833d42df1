// Shared helpers for the grpo tests: closeness, finite differences, seeded test data.
import { RandomGenerator } from '@r1kit/core';
import { expect } from 'vitest';

/** Asserts element-wise |actual − expected| <= tolerance (NaN matches NaN). */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tolerance = 1e-6,
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length).toBe(e.length);
  a.forEach((value, i) => {
    if (Number.isNaN(e[i]!)) {
      expect(value).toBeNaN();
      return;
    }
    const ok = Math.abs(value - e[i]!) <= tolerance;
    if (!ok) expect.fail(`index ${i}: ${value} differs from ${e[i]} by more than ${tolerance}`);
  });
}

/** Central finite-difference gradient of a float64 function. */
export function numericGradient(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  step = 1e-6,
): Float64Array {
  const point = Float64Array.from(x);
  return Float64Array.from(point, (value, i) => {
    point[i] = value + step;
    const up = f(point);
    point[i] = value - step;
    const down = f(point);
    point[i] = value;
    return (up - down) / (2 * step);
  });
}

/** A deterministic uniform source in [0, 1) for test data: `@r1kit/core`'s generator. */
export function seededRandom(seed: number): () => number {
  const rng = RandomGenerator.fromSeed(seed);
  return () => rng.nextFloat();
}

/** `rows` × `columns` numbers drawn uniformly from [low, high). */
export function randomMatrix(
  random: () => number,
  rows: number,
  columns: number,
  low: number,
  high: number,
): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => low + (high - low) * random()),
  );
}
