import type { MerSample } from '@r1kit/datasets';
import type { SftExample } from '@r1kit/trainer';
import type { Policy } from './build-policy.js';
import { completionText, promptText } from './text-format.js';

/**
 * Tokenizes one prompt (the policy's format, else {@link promptText}) into ids.
 *
 * @param policy - The policy whose tokenizer to use.
 * @param sample - The sample.
 * @returns Prompt ids, with three soft-token placeholders.
 * @example
 * ```ts
 * const ids = promptIds(policy, sample);
 * ```
 * @category Pipeline
 */
export function promptIds(
  policy: Pick<Policy, 'tokenizer' | 'format'>,
  sample: Pick<MerSample, 'subtitle'>,
): number[] {
  const text = policy.format ? policy.format.prompt(sample) : promptText(sample);
  return policy.tokenizer.encode(text, { addSpecialTokens: false });
}

/**
 * Builds the cold-start SFT examples: prompt then `<think>description</think><answer>labels</answer>`
 * (or the answer alone), loss on the completion tokens only, the sample as soft-token payload.
 *
 * @param policy - The policy whose tokenizer to use.
 * @param samples - Training samples.
 * @param options - Whether the target has a think section.
 * @returns One example per sample.
 * @example
 * ```ts
 * const examples = sftExamples(policy, splits.train, { think: true });
 * ```
 * @category Pipeline
 */
export function sftExamples(
  policy: Pick<Policy, 'tokenizer' | 'format'>,
  samples: readonly MerSample[],
  options: { /** Include the think section. */ think: boolean },
): Array<SftExample<MerSample>> {
  return samples.map((sample) => {
    const prompt = promptIds(policy, sample);
    const target = policy.format
      ? policy.format.completion(sample, options)
      : completionText(sample, options);
    const completion = policy.tokenizer.encode(target, { addSpecialTokens: false });
    return {
      inputIds: [...prompt, ...completion],
      completionMask: [...prompt.map(() => 0), ...completion.map(() => 1)],
      payload: sample,
    };
  });
}
