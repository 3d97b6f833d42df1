import type { RandomGenerator } from '@r1kit/core';
import { invalidArgument, R1kitError } from '@r1kit/core';

/**
 * Options of {@link sampleCategorical}.
 *
 * @category Sampling
 */
export interface SampleCategoricalOptions {
  /** The generator that supplies the one uniform draw. */
  rng: RandomGenerator;
}

/**
 * Draws one index from a categorical distribution given by log-probabilities, by inverting the
 * cumulative distribution with a single `rng.nextFloat()` draw `u`: the result is the first
 * index whose running sum of `exp(logProbabilities)` (accumulated in float64 and normalised by
 * the total, so float32 rounding cannot shift the draw) exceeds `u`. Entries of `-Infinity`
 * are never drawn.
 *
 * @param logProbabilities - Log-probabilities (or any log-weights: they are normalised).
 * @param options - The random generator.
 * @returns The drawn index.
 *
 * @example
 * ```ts
 * import { RandomGenerator } from '@r1kit/core';
 * import { sampleCategorical } from '@r1kit/sampling';
 * const index = sampleCategorical([Math.log(0.2), Math.log(0.8)], { rng: RandomGenerator.fromSeed(1) });
 * ```
 *
 * @category Sampling
 */
export function sampleCategorical(
  logProbabilities: ArrayLike<number>,
  options: SampleCategoricalOptions,
): number {
  if (!options?.rng || typeof options.rng.nextFloat !== 'function') {
    throw invalidArgument({
      functionName: 'sampleCategorical',
      argument: 'options.rng',
      received: options?.rng,
      expected: 'a RandomGenerator',
    });
  }
  let total = 0;
  let last = -1;
  for (let i = 0; i < logProbabilities.length; i += 1) {
    const weight = Math.exp(logProbabilities[i]!);
    if (Number.isNaN(weight) || weight === Infinity) return numericError(logProbabilities[i]!, i);
    if (weight > 0) [total, last] = [total + weight, i];
  }
  if (last < 0) {
    throw new R1kitError({
      code: 'NUMERIC_ERROR',
      message: `sampleCategorical: every one of the ${logProbabilities.length} tokens has zero probability (all masked to -Infinity); relax the logits processors so that at least one token stays allowed`,
    });
  }
  const target = options.rng.nextFloat() * total;
  let cumulative = 0;
  for (let i = 0; i <= last; i += 1) {
    cumulative += Math.exp(logProbabilities[i]!);
    if (cumulative > target) return i;
  }
  return last;
}

function numericError(value: number, index: number): never {
  throw new R1kitError({
    code: 'NUMERIC_ERROR',
    message: `sampleCategorical: log-probability ${index} is ${value}; expected a finite number or -Infinity (the model or a logits processor produced NaN)`,
  });
}
