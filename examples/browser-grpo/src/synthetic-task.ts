import { invalidArgument, RandomGenerator } from '@r1kit/core';
import { builtinLexicon } from '@r1kit/emotion-wheel';

/**
 * One prompt of the synthetic task: a sentence that names an emotion through one of its
 * synonyms, and the emotion as ground truth.
 *
 * @category Task
 */
export interface EmotionPrompt {
  /** The prompt text, e.g. `she sounded gloomy on the phone. feeling:`. */
  readonly text: string;
  /** The ground-truth labels (one lemma). */
  readonly labels: readonly string[];
}

/**
 * Options of {@link syntheticEmotionPrompts}.
 *
 * @category Task
 */
export interface SyntheticEmotionPromptsOptions {
  /** Seed; equal seeds give identical prompts. */
  seed: number;
  /** Number of prompts. */
  count: number;
  /** The emotions (lemmas of the built-in lexicon). */
  emotions: readonly string[];
}

const templates = [
  'i feel so {} today.',
  'she sounded {} on the phone.',
  'he looked {} after the news.',
  'they were {} all evening.',
  'you seem {} this morning.',
];

/**
 * Generates the text-only synthetic task: each prompt says an emotion with a synonym from the
 * built-in lexicon (`gloomy` for `sad`), so the emotion-wheel reward credits any answer in the
 * right wheel class while an exact-match reward would not.
 *
 * @param options - See {@link SyntheticEmotionPromptsOptions}.
 * @returns The prompts, in generation order.
 * @example
 * ```ts
 * syntheticEmotionPrompts({ seed: 0, count: 2, emotions: ['happy', 'sad'] });
 * ```
 * @category Task
 */
export function syntheticEmotionPrompts(options: SyntheticEmotionPromptsOptions): EmotionPrompt[] {
  const lexicon = builtinLexicon();
  const words = options.emotions.map((emotion) => {
    const entry = lexicon.find((candidate) => candidate.word === emotion);
    if (entry === undefined) {
      throw invalidArgument({
        functionName: 'syntheticEmotionPrompts',
        argument: 'options.emotions',
        received: emotion,
        expected: 'a lemma of the built-in lexicon (builtinLexicon())',
      });
    }
    return [emotion, ...entry.synonyms];
  });
  const random = RandomGenerator.fromSeed(options.seed);
  const prompts: EmotionPrompt[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const emotion = random.nextInt(words.length);
    const synonyms = words[emotion] as string[];
    const word = synonyms[random.nextInt(synonyms.length)] as string;
    const template = templates[random.nextInt(templates.length)] as string;
    prompts.push({
      text: `${template.replace('{}', word)} feeling:`,
      labels: [options.emotions[emotion] as string],
    });
  }
  return prompts;
}
