import { type RandomGenerator, requireNumber } from '@r1kit/core';

/**
 * Options for {@link sampleModalityDropout}.
 *
 * @category Adapters
 */
export interface ModalityDropoutOptions {
  /** Probability of dropping each present modality of each sample, in `[0, 1)`. */
  probability: number;
  /** The `@r1kit/core` generator the drops are drawn from (one `nextFloat` per candidate drop). */
  rng: RandomGenerator;
}

/**
 * Drops modalities at random for training: each present modality of each sample is marked
 * absent with `probability`, but a sample never loses its last present modality.
 *
 * @param present - Per modality, one 0/1 flag per sample (1 = present).
 * @param options - Probability and random generator.
 * @returns New flags, same layout; inputs are not mutated.
 *
 * @example
 * ```ts
 * import { RandomGenerator } from '@r1kit/core';
 * import { sampleModalityDropout } from '@r1kit/encoders';
 * const flags = sampleModalityDropout(
 *   { audio: [1, 1], video: [1, 0] },
 *   { probability: 0.3, rng: RandomGenerator.fromSeed(7) },
 * ); // sample 1 keeps its audio: it has no video
 * ```
 *
 * @category Adapters
 */
export function sampleModalityDropout(
  present: Record<string, readonly number[]>,
  options: ModalityDropoutOptions,
): Record<string, number[]> {
  const { probability, rng } = options;
  requireNumber({
    functionName: 'sampleModalityDropout',
    argument: 'options.probability',
    value: probability,
    min: 0,
    max: 1,
    exclusiveMax: true,
    expected: 'a number in [0, 1)',
  });
  const names = Object.keys(present);
  const out: Record<string, number[]> = Object.fromEntries(
    names.map((name) => [name, [...present[name]!]]),
  );
  const batch = names.length === 0 ? 0 : present[names[0]!]!.length;
  for (let sample = 0; sample < batch; sample++) {
    const kept = names.filter((name) => out[name]![sample]! > 0);
    for (const name of kept) {
      const stillPresent = names.filter((other) => out[other]![sample]! > 0).length;
      if (stillPresent > 1 && rng.nextFloat() < probability) out[name]![sample] = 0;
    }
  }
  return out;
}
