import { extractThink } from './extract-answer.js';
import { extractEmotionWords } from './extract-emotion-words.js';
import { lengthPenalty } from './length-penalty.js';
import { normalizeLabels } from './parse-label-list.js';
import { checkRewardInputs, type EmotionWheelRewardOptions } from './reward-options.js';
import { sampleEmotionWheelF1 } from './sample-emotion-wheel-f1.js';

/**
 * The AffectGPT-R1 dual reward: emotion words found in each completion's `<think>` block (by
 * {@link extractEmotionWords}) scored against the ground truth with
 * {@link sampleEmotionWheelF1}, times the chosen length penalty (counting the distinct think
 * emotion words). With `requireTags: false`, a completion without a think block is read whole.
 *
 * @param completions - Model completions.
 * @param options - Ground truth, resources, level, length penalty and tag handling.
 * @returns One reward in [0, 1] per completion.
 *
 * @example
 * ```ts
 * import { dualReward } from '@r1kit/emotion-wheel';
 * dualReward(['<think>He looks worried.</think><answer>anxious</answer>'], {
 *   groundTruth: ['[anxious]'],
 * }); // [1]
 * ```
 *
 * @category Rewards
 */
export function dualReward(
  completions: readonly string[],
  options: EmotionWheelRewardOptions,
): number[] {
  const groundTruth = checkRewardInputs('dualReward', completions, options);
  const requireTags = options.requireTags ?? true;
  return completions.map((completion, index) => {
    const think = extractThink(completion) ?? (requireTags ? undefined : completion);
    if (think === undefined) return 0;
    const words = extractEmotionWords(think, options.wheels ? { wheels: options.wheels } : {});
    const truth = groundTruth[index];
    const score = sampleEmotionWheelF1(truth, words, options);
    const penalty = lengthPenalty(words.length, new Set(normalizeLabels(truth)).size, {
      kind: options.lengthPenalty ?? 'none',
    });
    return score * penalty;
  });
}
