import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats under a seed and stays in range', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const first = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(createSeededRandom(43).next()).not.toBe(first[0]);
  });

  it('has roughly uniform and normal moments', () => {
    const random = createSeededRandom(1);
    const uniform = Array.from({ length: 20000 }, () => random.next());
    const normal = Array.from({ length: 20000 }, () => random.normal());
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean(uniform)).toBeCloseTo(0.5, 1);
    expect(mean(normal)).toBeCloseTo(0, 1);
    expect(mean(normal.map((v) => v * v))).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation without mutating the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = createSeededRandom(9).shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual(input);
    expect(shuffled).not.toEqual(input);
  });
});
