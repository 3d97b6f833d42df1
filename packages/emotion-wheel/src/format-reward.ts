import { isCleanLabelList } from './label-list-fields.js';
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
  /**
   * When false the completion is only an answer block (`<answer>...</answer>`, the `--no-think`
   * form); `strict` then means nothing may surround it. @defaultValue `true`
   */
  readonly think?: boolean;
  /**
   * When true the answer must also be a clean label list ({@link isCleanLabelList}: no empty,
   * repeated or quote-broken label), which closes the `sad,sad,,,` reward hack. @defaultValue `true`
   */
  readonly requireCleanLabelList?: boolean;
}

const strictPattern = /^\s*<think>([\s\S]*?)<\/think>\s*<answer>([\s\S]*?)<\/answer>\s*$/;
const loosePattern = /<think>([\s\S]*?)<\/think>[\s\S]*?<answer>([\s\S]*?)<\/answer>/;
const strictAnswerPattern = /^\s*()<answer>([\s\S]*?)<\/answer>\s*$/;
const looseAnswerPattern = /()<answer>([\s\S]*?)<\/answer>/;

/**
 * Format reward of AffectGPT-R1: 1 when a completion has the form
 * `<think>...</think><answer>...</answer>` (or, with `think: false`, `<answer>...</answer>`)
 * with every block non-empty after trimming and the answer a clean label list, else 0. Nested
 * or repeated tags fail in strict mode.
 *
 * @param completions - Model completions.
 * @param options - Strictness (the TRL keyword arguments, such as `groundTruth`, are ignored).
 * @returns One reward in {0, 1} per completion.
 *
 * @example
 * ```ts
 * import { formatReward } from '@r1kit/emotion-wheel';
 * formatReward(['<think>she smiles</think><answer>happy</answer>', 'happy']); // [1, 0]
 * formatReward(['<think>x</think><answer>sad,sad,,,</answer>']); // [0]
 * formatReward(['<answer>happy, tired</answer>'], { think: false }); // [1]
 * ```
 *
 * @category Rewards
 */
export function formatReward(
  completions: readonly string[],
  options: FormatRewardOptions = {},
): number[] {
  const strict = options.strict ?? true;
  const think = options.think ?? true;
  const requireClean = options.requireCleanLabelList ?? true;
  const pattern = think
    ? strict
      ? strictPattern
      : loosePattern
    : strict
      ? strictAnswerPattern
      : looseAnswerPattern;
  checkCompletions('formatReward', completions);
  return completions.map((completion) => {
    const match = pattern.exec(completion);
    if (!match) return 0;
    const thought = match[1]!.trim();
    const answer = match[2]!.trim();
    if ((think && thought === '') || answer === '') return 0;
    if (/<\/?(?:think|answer)>/.test(thought + answer)) return 0;
    if (requireClean && !isCleanLabelList(answer)) return 0;
    return 1;
  });
}
