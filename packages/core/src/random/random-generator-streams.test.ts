import { describe, expect, it } from 'vitest';
import { RandomGenerator, splitMix64Sequence } from './random-generator.js';

describe('RandomGenerator.fork', () => {
  it('seeds the child from the next 64 bits with SplitMix64, as fromSeed does', () => {
    const parent = RandomGenerator.fromSeed(5);
    const probe = parent.clone();
    const seed = (BigInt(probe.nextUint32()) << 32n) | BigInt(probe.nextUint32());
    const child = parent.fork();
    const words = splitMix64Sequence(seed, 2).flatMap((out) => [
      Number(out & 0xffffffffn),
      Number(out >> 32n),
    ]);
    expect(child.getState().state).toEqual(words);
    expect(parent.getState()).toEqual(probe.getState());
  });

  it('is deterministic and resumable: same seed, same children; saved state, same children', () => {
    const draw = (rng: RandomGenerator) => Array.from({ length: 4 }, () => rng.nextFloat());
    const a = RandomGenerator.fromSeed(9);
    const b = RandomGenerator.fromSeed(9);
    expect(draw(a.fork())).toEqual(draw(b.fork()));
    const saved = a.getState();
    const next = draw(a.fork());
    expect(draw(RandomGenerator.fromState(saved).fork())).toEqual(next);
  });
});

describe('RandomGenerator.fillNormal / fillUniform', () => {
  it('fillNormal uses both Box-Muller branches of each pair of nextFloat draws', () => {
    const rng = RandomGenerator.fromSeed(4);
    const probe = rng.clone();
    const out = rng.fillNormal(new Float64Array(3), { mean: 1, std: 2 });
    const u1 = probe.nextFloat();
    const u2 = probe.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(1 - u1)) * 2;
    expect(out[0]).toBe(1 + radius * Math.cos(2 * Math.PI * u2));
    expect(out[1]).toBe(1 + radius * Math.sin(2 * Math.PI * u2));
    const u3 = probe.nextFloat();
    const u4 = probe.nextFloat();
    expect(out[2]).toBe(1 + Math.sqrt(-2 * Math.log(1 - u3)) * 2 * Math.cos(2 * Math.PI * u4));
    expect(rng.getState()).toEqual(probe.getState());
  });

  it('fillNormal has the requested moments', () => {
    const values = RandomGenerator.fromSeed(2).fillNormal(new Float64Array(40000), { std: 0.5 });
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance).toBeCloseTo(0.25, 2);
  });

  it('fillUniform maps one nextFloat per element into [low, high)', () => {
    const rng = RandomGenerator.fromSeed(8);
    const probe = rng.clone();
    const out = rng.fillUniform(new Float64Array(5), { low: -3, high: 1 });
    const expected = Array.from({ length: 5 }, () => -3 + 4 * probe.nextFloat());
    expect(Array.from(out)).toEqual(expected);
  });
});
