import type { MerSample } from '@r1kit/datasets';

/**
 * The special tokens of the example's tokenizer, in id order (ids 0..n-1).
 *
 * @category Pipeline
 */
export const specialTokens = {
  /** End of a completion (also the padding token). */
  end: '<|end|>',
  /** Placeholder replaced by one multimodal soft token. */
  soft: '<|soft|>',
  /** Separates the prompt from the completion. */
  assistant: '<|assistant|>',
  /** Opens the reasoning section. */
  thinkOpen: '<think>',
  /** Closes the reasoning section. */
  thinkClose: '</think>',
  /** Opens the answer section. */
  answerOpen: '<answer>',
  /** Closes the answer section. */
  answerClose: '</answer>',
} as const;

/**
 * Number of soft tokens AffectGPT puts in the prompt (multi, audio, face).
 *
 * @category Pipeline
 */
export const softTokenCount = 3;

/**
 * The prompt of one sample: three soft-token placeholders (AffectGPT's `<MultiHere>`,
 * `<AudioHere>`, `<FaceHere>`), the subtitle, and the assistant marker.
 *
 * @param sample - The sample.
 * @returns The prompt text.
 * @example
 * ```ts
 * promptText(sample); // '<|soft|><|soft|><|soft|>subtitle: we finally did it<|assistant|>'
 * ```
 * @category Pipeline
 */
export function promptText(sample: Pick<MerSample, 'subtitle'>): string {
  return `${specialTokens.soft.repeat(softTokenCount)}subtitle: ${sample.subtitle}${specialTokens.assistant}`;
}

/**
 * The cold-start target of one sample: `<think>description</think><answer>labels</answer>` (or
 * the answer alone with `think: false`), followed by the end token.
 *
 * @param sample - The sample.
 * @param options - Whether to include the think section.
 * @returns The completion text.
 * @example
 * ```ts
 * completionText(sample, { think: true }); // '<think>bright voice, happy</think><answer>joyful, glad</answer><|end|>'
 * ```
 * @category Pipeline
 */
export function completionText(
  sample: Pick<MerSample, 'description' | 'labels'>,
  options: { /** Include the think section. */ think: boolean },
): string {
  const answer = `${specialTokens.answerOpen}${sample.labels.join(', ')}${specialTokens.answerClose}`;
  const think = options.think
    ? `${specialTokens.thinkOpen}${sample.description}${specialTokens.thinkClose}`
    : '';
  return `${think}${answer}${specialTokens.end}`;
}

/**
 * The texts the tokenizer is trained on: every prompt and every completion (with and without
 * think) of the given samples.
 *
 * @param samples - Training samples.
 * @returns The corpus.
 * @example
 * ```ts
 * const tokenizer = trainBpe(tokenizerCorpus(train), { vocabSize: 400, specialTokens: Object.values(specialTokens) });
 * ```
 * @category Pipeline
 */
export function tokenizerCorpus(samples: readonly MerSample[]): string[] {
  return samples.flatMap((sample) => [promptText(sample), completionText(sample, { think: true })]);
}
