import { invalidArgument } from '../errors/r1kit-error.js';

/** 2^64 - 1, for reducing BigInt arithmetic modulo 2^64. */
const mask64 = (1n << 64n) - 1n;
/** The SplitMix64 increment (the golden ratio in 64-bit fixed point). */
const golden64 = 0x9e3779b97f4a7c15n;

/**
 * The serialisable state of a {@link RandomGenerator}: plain JSON, so it can be stored in a
 * training checkpoint and restored with {@link RandomGenerator.fromState}.
 *
 * @category Random
 */
export interface RandomGeneratorState {
  /** The generator algorithm; always `'xoshiro128**'`. */
  algorithm: 'xoshiro128**';
  /** The four 32-bit words of the xoshiro128** state, as unsigned integers. */
  state: [number, number, number, number];
}

/**
 * A seeded pseudo-random generator: xoshiro128** 1.1 (Blackman and Vigna), with its 128-bit
 * state expanded from a numeric seed by SplitMix64 (the seeding the authors recommend).
 * Every draw is a pure function of the state, so two generators with the same seed, or one
 * restored from {@link RandomGenerator.getState}, produce the same sequence on every platform.
 *
 * This is the one generator of r1kit: data order, dropout, weight initialisation and sampling
 * all draw from it, so one seed and one checkpoint field ({@link RandomGenerator.getState})
 * cover a run.
 *
 * Seeding: the seed is reduced modulo 2^64 and SplitMix64 is run twice from it; the first
 * output gives words 0 (low half) and 1 (high half), the second output words 2 and 3.
 *
 * @example
 * ```ts
 * import { RandomGenerator } from '@r1kit/core';
 * const rng = RandomGenerator.fromSeed(42);
 * const saved = rng.getState();
 * const a = rng.nextFloat();
 * const b = RandomGenerator.fromState(saved).nextFloat(); // a === b
 * ```
 *
 * @category Random
 */
export class RandomGenerator {
  /** The four state words, as unsigned 32-bit integers. */
  readonly #words: Uint32Array;

  private constructor(words: ArrayLike<number>) {
    this.#words = Uint32Array.from(words);
  }

  /**
   * A generator seeded from an integer.
   *
   * @param seed - Any safe integer (negative seeds are taken modulo 2^64).
   * @returns A fresh generator.
   */
  static fromSeed(seed: number): RandomGenerator {
    if (!Number.isSafeInteger(seed)) {
      throw invalidArgument({
        functionName: 'RandomGenerator.fromSeed',
        argument: 'seed',
        received: seed,
        expected: 'a safe integer',
      });
    }
    return new RandomGenerator(seedWords(BigInt(seed)));
  }

  /**
   * A generator that continues exactly where the one that produced `state` was.
   *
   * @param state - A state from {@link RandomGenerator.getState}.
   * @returns A generator with that state (the state object is copied, not shared).
   */
  static fromState(state: RandomGeneratorState): RandomGenerator {
    return new RandomGenerator(checkState(state, 'RandomGenerator.fromState'));
  }

  /**
   * Continues from a saved state in place (the checkpoint-restore counterpart of
   * {@link RandomGenerator.getState}).
   *
   * @param state - A state from {@link RandomGenerator.getState}, possibly through JSON.
   */
  setState(state: RandomGeneratorState): void {
    this.#words.set(checkState(state, 'RandomGenerator.setState'));
  }

  /**
   * The current state, as plain JSON-serialisable data.
   *
   * @returns A copy of the state; later draws do not change it.
   */
  getState(): RandomGeneratorState {
    const [a, b, c, d] = this.#words;
    return { algorithm: 'xoshiro128**', state: [a, b, c, d] as [number, number, number, number] };
  }

  /**
   * An independent copy with the same state.
   *
   * @returns A new generator that will draw the same sequence as this one.
   */
  clone(): RandomGenerator {
    return new RandomGenerator(this.#words);
  }

  /**
   * The next 32 random bits.
   *
   * @returns An unsigned integer in `[0, 2^32)`.
   */
  nextUint32(): number {
    const s = this.#words;
    const result = Math.imul(rotateLeft(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotateLeft(s[3], 11);
    return result;
  }

  /**
   * A uniform float in `[0, 1)` with 53 random bits (two 32-bit draws: the top 27 bits of the
   * first and the top 26 bits of the second).
   *
   * @returns A number `u` with `0 <= u < 1`.
   */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A uniform integer in `[0, maxExclusive)` (one {@link RandomGenerator.nextFloat} draw).
   *
   * @param maxExclusive - A positive integer.
   * @returns An integer `k` with `0 <= k < maxExclusive`.
   */
  nextInt(maxExclusive: number): number {
    if (!Number.isSafeInteger(maxExclusive) || maxExclusive <= 0) {
      throw invalidArgument({
        functionName: 'RandomGenerator.nextInt',
        argument: 'maxExclusive',
        received: maxExclusive,
        expected: 'a positive safe integer',
      });
    }
    return Math.floor(this.nextFloat() * maxExclusive);
  }

  /**
   * A standard normal sample (Box-Muller on two {@link RandomGenerator.nextFloat} draws; the
   * first uniform is taken as `1 - u` so the logarithm is always finite).
   *
   * @returns A number drawn from N(0, 1).
   */
  nextNormal(): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    return radius * Math.cos(2 * Math.PI * this.nextFloat());
  }

  /**
   * A child generator for an independent stream (a model's dropout, one epoch's order, a worker):
   * the next 64 bits of this generator (two {@link RandomGenerator.nextUint32} draws, the first
   * the high half) seed the child as {@link RandomGenerator.fromSeed} would. This generator
   * advances by those two draws, so forking is itself deterministic and resumable.
   *
   * @returns A new generator whose stream does not overlap this one in practice.
   *
   * @example
   * ```ts
   * import { RandomGenerator } from '@r1kit/core';
   * const run = RandomGenerator.fromSeed(1);
   * const dropout = run.fork(); // draws from `dropout` leave `run` untouched
   * ```
   */
  fork(): RandomGenerator {
    const high = BigInt(this.nextUint32());
    const low = BigInt(this.nextUint32());
    return new RandomGenerator(seedWords((high << 32n) | low));
  }

  /**
   * Fills `target` with normal samples: Box-Muller on pairs of {@link RandomGenerator.nextFloat}
   * draws, using both the cosine and the sine branch (so `n` samples cost `n` uniform draws,
   * rounded up to even), each scaled by `options.std` and shifted by `options.mean`.
   *
   * @param target - The array to overwrite.
   * @param options - Mean and standard deviation.
   * @returns `target`.
   *
   * @example
   * ```ts
   * import { RandomGenerator } from '@r1kit/core';
   * const weights = RandomGenerator.fromSeed(0).fillNormal(new Float32Array(6), { std: 0.02 });
   * ```
   */
  fillNormal<T extends Float32Array | Float64Array>(target: T, options: FillNormalOptions = {}): T {
    const mean = options.mean ?? 0;
    const std = options.std ?? 1;
    for (let index = 0; index < target.length; index += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat())) * std;
      const angle = 2 * Math.PI * this.nextFloat();
      target[index] = mean + radius * Math.cos(angle);
      if (index + 1 < target.length) target[index + 1] = mean + radius * Math.sin(angle);
    }
    return target;
  }

  /**
   * Fills `target` with uniform samples in `[options.low, options.high)`, one
   * {@link RandomGenerator.nextFloat} draw each.
   *
   * @param target - The array to overwrite.
   * @param options - The interval.
   * @returns `target`.
   *
   * @example
   * ```ts
   * import { RandomGenerator } from '@r1kit/core';
   * const a = RandomGenerator.fromSeed(0).fillUniform(new Float32Array(4), { low: -0.5, high: 0.5 });
   * ```
   */
  fillUniform<T extends Float32Array | Float64Array>(
    target: T,
    options: FillUniformOptions = {},
  ): T {
    const low = options.low ?? 0;
    const width = (options.high ?? 1) - low;
    for (let index = 0; index < target.length; index += 1) {
      target[index] = low + width * this.nextFloat();
    }
    return target;
  }

  /**
   * A shuffled copy of `items` (Fisher-Yates, from the last position down).
   *
   * @param items - The items; not modified.
   * @returns A new array with the same items in random order.
   */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = this.nextInt(index + 1);
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }
}

/**
 * Options of {@link RandomGenerator.fillNormal}.
 *
 * @category Random
 */
export interface FillNormalOptions {
  /**
   * The mean of the samples.
   *
   * @defaultValue `0`
   */
  mean?: number;
  /**
   * The standard deviation of the samples.
   *
   * @defaultValue `1`
   */
  std?: number;
}

/**
 * Options of {@link RandomGenerator.fillUniform}.
 *
 * @category Random
 */
export interface FillUniformOptions {
  /**
   * The inclusive lower end.
   *
   * @defaultValue `0`
   */
  low?: number;
  /**
   * The exclusive upper end.
   *
   * @defaultValue `1`
   */
  high?: number;
}

/** The four state words SplitMix64 expands a 64-bit seed into (see {@link RandomGenerator}). */
function seedWords(seed: bigint): number[] {
  return splitMix64Sequence(seed, 2).flatMap((out) => [
    Number(out & 0xffffffffn),
    Number(out >> 32n),
  ]);
}

/** Returns the four words of a valid state, or throws naming `functionName`. */
function checkState(state: RandomGeneratorState, functionName: string): number[] {
  const words = state?.state;
  const valid =
    state?.algorithm === 'xoshiro128**' &&
    Array.isArray(words) &&
    words.length === 4 &&
    words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) &&
    words.some((w) => w !== 0);
  if (!valid) {
    throw invalidArgument({
      functionName: functionName,
      argument: 'state',
      received: state,
      expected: "{ algorithm: 'xoshiro128**', state: four unsigned 32-bit integers, not all zero }",
    });
  }
  return words;
}

/** The SplitMix64 output function applied to an already-incremented state. */
function splitMix64Mix(value: bigint): bigint {
  let z = value;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask64;
  return z ^ (z >> 31n);
}

/** Rotates a 32-bit word left by `k` bits. */
function rotateLeft(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * The SplitMix64 sequence for a seed, exposed for known-answer tests of the seeding.
 *
 * @internal
 */
export function splitMix64Sequence(seed: bigint, count: number): bigint[] {
  const out: bigint[] = [];
  let x = BigInt.asUintN(64, seed);
  for (let i = 0; i < count; i += 1) {
    x = (x + golden64) & mask64;
    out.push(splitMix64Mix(x));
  }
  return out;
}
