/**
 * A small deterministic pseudo-random generator (mulberry32) so that the synthetic dataset and
 * data orders depend only on a seed.
 *
 * @category Data
 */
export interface SeededRandom {
  /** A uniform number in `[0, 1)`. */
  next(): number;
  /** A uniform integer in `[0, maxExclusive)`. */
  int(maxExclusive: number): number;
  /** A standard normal sample (Box-Muller). */
  normal(): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of an array (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * Creates a {@link SeededRandom} from a 32-bit integer seed.
 *
 * @param seed - Any integer; equal seeds give equal sequences.
 * @returns The generator.
 * @example
 * ```ts
 * const random = createSeededRandom(7);
 * random.int(10); // the same value on every run
 * ```
 * @category Data
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    normal: () => {
      const u = Math.max(next(), 1e-12);
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = items.slice();
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = int(index + 1);
        [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
      }
      return copy;
    },
  };
}
