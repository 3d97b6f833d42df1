import { checkCompletions } from './reward-options.js';

/**
 * Options for {@link formatReward}.
 *
 * @category Rewards
 */
export interface FormatRewardOptions {
  /**
   * When true the whole completion (ignoring surrounding white space) must be exactly one
   * think block followed by one answer block; when false the two blocks may appear anywhere,
   * in that order. @defaultValue `true`
   */
  readonly strict?: boolean;
}

const strictPattern = /^\s*<think>([\s\S]*?)<\/think>\s*<answer>([\s\S]*?)<\/answer>\s*$/;
const loosePattern = /<think>([\s\S]*?)<\/think>[\s\S]*?<answer>([\s\S]*?)<\/answer>/;

/**
 * Format reward of AffectGPT-R1: 1 when a completion has the form
 * `<think>...</think><answer>...</answer>` with both blocks non-empty after trimming, else 0.
 * Nested or repeated tags fail in strict mode.
 *
 * @param completions - Model completions.
 * @param options - Strictness (the TRL keyword arguments, such as `groundTruth`, are ignored).
 * @returns One reward in {0, 1} per completion.
 *
 * @example
 * ```ts
 * formatReward(['<think>she smiles</think><answer>happy</answer>', 'happy']); // [1, 0]
 * ```
 *
 * @category Rewards
 */
export function formatReward(
  completions: readonly string[],
  options: FormatRewardOptions = {},
): number[] {
  const pattern = (options.strict ?? true) ? strictPattern : loosePattern;
  checkCompletions('formatReward', completions);
  return completions.map((completion) => {
    const match = pattern.exec(completion);
    if (!match) return 0;
    const think = match[1]!.trim();
    const answer = match[2]!.trim();
    if (think === '' || answer === '') return 0;
    if (/<\/?(?:think|answer)>/.test(think + answer)) return 0;
    return 1;
  });
}
