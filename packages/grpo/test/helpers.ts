// Shared assertions for the grpo tests: closeness, tensor-leak checks, error codes, finite differences.
import { R1kitError, type R1kitErrorCode } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
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

/** A deterministic pseudo-random generator (mulberry32) for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
