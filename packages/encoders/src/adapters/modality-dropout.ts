import { invalidArgument } from '@r1kit/core';

/**
 * Options for {@link sampleModalityDropout}.
 *
 * @category Adapters
 */
export interface ModalityDropoutOptions {
  /** Probability of dropping each present modality of each sample, in `[0, 1)`. */
  probability: number;
  /** A uniform random source in `[0, 1)`; pass a seeded one for determinism. */
  random: () => number;
}

/**
 * Drops modalities at random for training: each present modality of each sample is marked
 * absent with `probability`, but a sample never loses its last present modality.
 *
 * @param present - Per modality, one 0/1 flag per sample (1 = present).
 * @param options - Probability and random source.
 * @returns New flags, same layout; inputs are not mutated.
 *
 * @example
 * ```ts
 * import { createRandom, sampleModalityDropout } from '@r1kit/encoders';
 * const flags = sampleModalityDropout(
 *   { audio: [1, 1], video: [1, 0] },
 *   { probability: 0.3, random: createRandom(7) },
 * ); // sample 1 keeps its audio: it has no video
 * ```
 *
 * @category Adapters
 */
export function sampleModalityDropout(
  present: Record<string, readonly number[]>,
  options: ModalityDropoutOptions,
): Record<string, number[]> {
  const { probability, random } = options;
  if (!(probability >= 0 && probability < 1)) {
    throw invalidArgument({
      functionName: 'sampleModalityDropout',
      argument: 'options.probability',
      received: probability,
      expected: 'a number in [0, 1)',
    });
  }
  const names = Object.keys(present);
  const out: Record<string, number[]> = Object.fromEntries(
    names.map((name) => [name, [...present[name]!]]),
  );
  const batch = names.length === 0 ? 0 : present[names[0]!]!.length;
  for (let sample = 0; sample < batch; sample++) {
    const kept = names.filter((name) => out[name]![sample]! > 0);
    for (const name of kept) {
      const stillPresent = names.filter((other) => out[other]![sample]! > 0).length;
      if (stillPresent > 1 && random() < probability) out[name]![sample] = 0;
    }
  }
  return out;
}

/**
 * A small deterministic uniform random source (mulberry32) in `[0, 1)`.
 *
 * @param seed - Any integer.
 * @returns A function that yields the next number on each call.
 *
 * @example
 * ```ts
 * import { createRandom } from '@r1kit/encoders';
 * const random = createRandom(42);
 * random(); // same value on every run
 * ```
 *
 * @category Adapters
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
