import { invalidArgument, RandomGenerator } from '@r1kit/core';
import type { MerSample, MerSplits } from './mer-sample.js';

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
 * @throws R1kitError `INVALID_ARGUMENT` when the fractions are out of range, or when the train or
 *   the test split would be empty.
 * @example
 * ```ts
 * import { generateSyntheticDataset, splitSamples } from '@r1kit/datasets';
 * const { train } = generateSyntheticDataset({ seed: 1, size: 100 });
 * const { validation, test } = splitSamples(train, { seed: 1, test: 0.25 });
 * console.log(validation.length, test.length); // 7 18
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
  const shuffled = RandomGenerator.fromSeed(options.seed ?? 0).shuffle(samples);
  const testCount = Math.round(shuffled.length * test);
  const validationCount = Math.round(shuffled.length * validation);
  const trainCount = shuffled.length - testCount - validationCount;
  if (testCount === 0 || trainCount === 0) {
    throw invalidArgument({
      functionName: 'splitSamples',
      argument: 'samples',
      received: `${samples.length} samples (${trainCount} train, ${testCount} test)`,
      expected: `enough samples for at least one train and one test sample with test fraction ${test} (zero test samples would score nothing)`,
    });
  }
  return {
    test: shuffled.slice(0, testCount),
    validation: shuffled.slice(testCount, testCount + validationCount),
    train: shuffled.slice(testCount + validationCount),
  };
}
