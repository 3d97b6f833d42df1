import type { SftExample } from '@r1kit/trainer';
import type { MerSample } from '../data/mer-sample.js';
import type { Policy } from './build-policy.js';
import { completionText, promptText } from './text-format.js';

/**
 * Tokenizes one prompt (no special-token template) into ids.
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
  policy: Pick<Policy, 'tokenizer'>,
  sample: Pick<MerSample, 'subtitle'>,
): number[] {
  return policy.tokenizer.encode(promptText(sample), { addSpecialTokens: false });
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
  policy: Pick<Policy, 'tokenizer'>,
  samples: readonly MerSample[],
  options: { /** Include the think section. */ think: boolean },
): Array<SftExample<MerSample>> {
  return samples.map((sample) => {
    const prompt = promptIds(policy, sample);
    const completion = policy.tokenizer.encode(completionText(sample, options), {
      addSpecialTokens: false,
    });
    return {
      inputIds: [...prompt, ...completion],
      completionMask: [...prompt.map(() => 0), ...completion.map(() => 1)],
      payload: sample,
    };
  });
}
