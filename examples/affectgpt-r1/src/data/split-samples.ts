import { invalidArgument } from '@r1kit/core';
import type { MerSample, MerSplits } from './mer-sample.js';
import { createSeededRandom } from './seeded-random.js';

/**
 * Options of {@link splitSamples}.
 *
 * @category Data
 */
export interface SplitSamplesOptions {
  /** Seed of the shuffle before splitting. @defaultValue 0 */
  seed?: number;
  /** Fraction of samples for validation. @defaultValue 0.1 */
  validation?: number;
  /** Fraction of samples for test. @defaultValue 0.2 */
  test?: number;
}

/**
 * Shuffles samples with a seed and cuts them into disjoint train / validation / test splits.
 *
 * @param samples - All samples.
 * @param options - See {@link SplitSamplesOptions}.
 * @returns The three splits; every sample lands in exactly one.
 * @example
 * ```ts
 * const { train, validation, test } = splitSamples(samples, { seed: 1, test: 0.25 });
 * ```
 * @category Data
 */
export function splitSamples(
  samples: readonly MerSample[],
  options: SplitSamplesOptions = {},
): MerSplits {
  const validation = options.validation ?? 0.1;
  const test = options.test ?? 0.2;
  if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
    throw invalidArgument({
      functionName: 'splitSamples',
      argument: 'options.validation + options.test',
      received: validation + test,
      expected: 'two fractions >= 0 whose sum is below 1',
    });
  }
  const shuffled = createSeededRandom(options.seed ?? 0).shuffle(samples);
  const testCount = Math.round(shuffled.length * test);
  const validationCount = Math.round(shuffled.length * validation);
  return {
    test: shuffled.slice(0, testCount),
    validation: shuffled.slice(testCount, testCount + validationCount),
    train: shuffled.slice(testCount + validationCount),
  };
}
