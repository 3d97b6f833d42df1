import type { EmotionWheelSet } from './emotion-wheel-set.js';
import { extractAnswer, extractThink } from './extract-answer.js';
import { extractEmotionWords } from './extract-emotion-words.js';
import { normalizeLabels } from './parse-label-list.js';
import { checkCompletions } from './reward-options.js';
import { sampleEmotionWheelF1 } from './sample-emotion-wheel-f1.js';

/**
 * Options for {@link alignmentReward}. Ground truth is not used; TRL passes it anyway.
 *
 * @category Rewards
 */
export interface AlignmentRewardOptions {
  /** The resources. @defaultValue `builtinWheelSet()` */
  readonly wheels?: EmotionWheelSet;
  /** Wheel level, 1 or 2. @defaultValue `1` */
  readonly level?: 1 | 2;
}

/**
 * The AffectGPT-R1 alignment reward: how well the reasoning agrees with the answer. The labels
 * of the `<answer>` block act as the reference and the emotion words found in the `<think>`
 * block as the prediction, scored with {@link sampleEmotionWheelF1}. A completion missing
 * either block gets 0.
 *
 * @param completions - Model completions.
 * @param options - Resources and level.
 * @returns One reward in [0, 1] per completion.
 *
 * @example
 * ```ts
 * import { alignmentReward } from '@r1kit/emotion-wheel';
 * alignmentReward(['<think>She seems furious.</think><answer>angry</answer>']); // [1]
 * ```
 *
 * @category Rewards
 */
export function alignmentReward(
  completions: readonly string[],
  options: AlignmentRewardOptions = {},
): number[] {
  checkCompletions('alignmentReward', completions);
  return completions.map((completion) => {
    const think = extractThink(completion);
    const answer = extractAnswer(completion);
    if (think === undefined || answer === undefined) return 0;
    const words = extractEmotionWords(think, options.wheels ? { wheels: options.wheels } : {});
    return sampleEmotionWheelF1(normalizeLabels(answer), words, options);
  });
}
