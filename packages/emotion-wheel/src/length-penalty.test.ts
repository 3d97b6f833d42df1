import { describe, expect, it } from 'vitest';
import { lengthPenalty } from './length-penalty.js';

describe('lengthPenalty', () => {
  it('is 1 when no more labels are predicted than the ground truth has', () => {
    for (const kind of ['p1', 'p2', 'p3'] as const) {
      expect(lengthPenalty(2, 2, { kind })).toBe(1);
      expect(lengthPenalty(1, 3, { kind })).toBe(1);
      expect(lengthPenalty(5, 0, { kind })).toBe(1);
    }
    expect(lengthPenalty(9, 1, { kind: 'none' })).toBe(1);
  });

  it('P1 = 1 / (o - y + 1)', () => {
    expect(lengthPenalty(5, 2, { kind: 'p1' })).toBe(1 / 4);
    expect(lengthPenalty(3, 2, { kind: 'p1' })).toBe(1 / 2);
  });

  it('P2 = y / o (the default)', () => {
    expect(lengthPenalty(5, 2)).toBe(2 / 5);
    expect(lengthPenalty(4, 3, { kind: 'p2' })).toBe(3 / 4);
  });

  it('P3 = ln y / ln o, and ln 2 / ln(o + 1) for a single-label ground truth', () => {
    expect(lengthPenalty(4, 2, { kind: 'p3' })).toBeCloseTo(0.5, 15);
    expect(lengthPenalty(9, 3, { kind: 'p3' })).toBeCloseTo(0.5, 15);
    expect(lengthPenalty(3, 1, { kind: 'p3' })).toBeCloseTo(0.5, 15);
    expect(lengthPenalty(7, 1, { kind: 'p3' })).toBeCloseTo(1 / 3, 15);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => lengthPenalty(-1, 2)).toThrow(
      'lengthPenalty: predictedCount must be a non-negative integer; received -1',
    );
    expect(() => lengthPenalty(2, 1.5)).toThrow(/truthCount/);
    expect(() => lengthPenalty(3, 1, { kind: 'p4' as 'p1' })).toThrow(/options.kind/);
  });
});
