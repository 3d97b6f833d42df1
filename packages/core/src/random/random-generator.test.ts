import { describe, expect, it } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { RandomGenerator, splitMix64Sequence } from './random-generator.js';

/** xoshiro128** 1.1 from state {1, 2, 3, 4}: the published reference outputs (Vigna's C code, as
 * quoted by the rand_xoshiro test suite). */
const referenceOutputs = [
  11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597,
  4258142804,
];

describe('RandomGenerator', () => {
  it('matches the xoshiro128** reference sequence', () => {
    const rng = RandomGenerator.fromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 4] });
    expect(referenceOutputs.map(() => rng.nextUint32())).toEqual(referenceOutputs);
  });

  it('seeds with the reference SplitMix64 sequence', () => {
    // First outputs of splitmix64.c for seed 1234567 (Rosetta Code reference values).
    expect(splitMix64Sequence(1234567n, 3)).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
    ]);
    const [first, second] = splitMix64Sequence(1234567n, 2) as [bigint, bigint];
    expect(RandomGenerator.fromSeed(1234567).getState().state).toEqual([
      Number(first & 0xffffffffn),
      Number(first >> 32n),
      Number(second & 0xffffffffn),
      Number(second >> 32n),
    ]);
  });

  it('is reproducible, and different seeds give different streams', () => {
    const draw = (seed: number) => {
      const rng = RandomGenerator.fromSeed(seed);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('resumes exactly from a JSON round trip of its state', () => {
    const rng = RandomGenerator.fromSeed(3);
    for (let i = 0; i < 5; i += 1) rng.nextFloat();
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const expected = Array.from({ length: 10 }, () => rng.nextFloat());
    const restored = RandomGenerator.fromState(saved);
    expect(Array.from({ length: 10 }, () => restored.nextFloat())).toEqual(expected);
  });

  it('clone is independent of the original', () => {
    const rng = RandomGenerator.fromSeed(11);
    const copy = rng.clone();
    const a = rng.nextUint32();
    rng.nextUint32();
    expect(copy.nextUint32()).toBe(a);
  });

  it('nextFloat combines two draws into 53 bits in [0, 1) with a uniform mean', () => {
    const rng = RandomGenerator.fromSeed(5);
    const bits = rng.clone();
    const u = rng.nextFloat();
    const high = bits.nextUint32() >>> 5;
    const low = bits.nextUint32() >>> 6;
    expect(u).toBe((high * 2 ** 26 + low) / 2 ** 53);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i += 1) {
      const x = rng.nextFloat();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    // Standard error of the mean is sqrt(1/12/n) ~ 0.002; allow 5 sigma.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
  });

  it('rejects bad seeds and states with INVALID_ARGUMENT', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return R1kitError.isInstance(error) ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => RandomGenerator.fromSeed(1.5))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => RandomGenerator.fromSeed(Number.NaN))).toBe('INVALID_ARGUMENT');
    expect(() =>
      RandomGenerator.fromState({ algorithm: 'xoshiro128**', state: [0, 0, 0, 0] }),
    ).toThrow(/RandomGenerator.fromState: state must be/);
    expect(
      codeOf(() =>
        RandomGenerator.fromState({ algorithm: 'pcg' as 'xoshiro128**', state: [1, 2, 3, 4] }),
      ),
    ).toBe('INVALID_ARGUMENT');
  });

  it('setState continues in place from a saved state', () => {
    const rng = RandomGenerator.fromSeed(9);
    const saved = rng.getState();
    const first = [rng.nextUint32(), rng.nextUint32()];
    rng.setState(JSON.parse(JSON.stringify(saved)));
    expect([rng.nextUint32(), rng.nextUint32()]).toEqual(first);
    expect(() => rng.setState({ algorithm: 'xoshiro128**', state: [0, 0, 0, 0] })).toThrow(
      /RandomGenerator.setState: state must be/,
    );
  });

  it('nextInt, nextNormal and shuffle are functions of nextFloat', () => {
    const rng = RandomGenerator.fromSeed(21);
    const twin = rng.clone();
    expect(rng.nextInt(10)).toBe(Math.floor(twin.nextFloat() * 10));
    const u = twin.nextFloat();
    const v = twin.nextFloat();
    expect(rng.nextNormal()).toBeCloseTo(
      Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v),
      12,
    );
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = rng.shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...shuffled].sort()).toEqual(items);
    // Fisher-Yates from the end: position 5 swaps with nextInt(6), and so on.
    const expected = items.slice();
    for (let index = 5; index > 0; index -= 1) {
      const other = twin.nextInt(index + 1);
      [expected[index], expected[other]] = [expected[other]!, expected[index]!];
    }
    expect(shuffled).toEqual(expected);
    expect(() => rng.nextInt(0)).toThrow(/maxExclusive must be a positive safe integer/);
  });

  it('nextNormal has mean 0 and variance 1', () => {
    const rng = RandomGenerator.fromSeed(4);
    const n = 20000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i += 1) {
      const x = rng.nextNormal();
      sum += x;
      squares += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.04);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.06);
  });
});
