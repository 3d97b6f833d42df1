import { extractAnswer } from './extract-answer.js';
import { labelListFields } from './label-list-fields.js';
import { lengthPenalty } from './length-penalty.js';
import { normalizeLabels } from './parse-label-list.js';
import { checkRewardInputs, type EmotionWheelRewardOptions } from './reward-options.js';
import { sampleEmotionWheelF1 } from './sample-emotion-wheel-f1.js';

/**
 * The AffectGPT-R1 accuracy reward: the labels in each completion's `<answer>` block (parsed
 * like the official list parser) scored against the ground truth with
 * {@link sampleEmotionWheelF1} (set F1 per wheel, mean over wheels), times the chosen length
 * penalty, where the ground truth counts its distinct labels and the answer the larger of its
 * distinct labels and its comma-separated fields (so empty or repeated items cost as much as
 * extra labels; `penalizeRawItems: false` counts distinct labels only). Use `parseAnswer` for
 * answers written as sentences.
 *
 * @param completions - Model completions.
 * @param options - Ground truth, resources, level, length penalty and tag handling.
 * @returns One reward in [0, 1] per completion.
 *
 * @example
 * ```ts
 * import { emotionWheelReward } from '@r1kit/emotion-wheel';
 * emotionWheelReward(['<think>...</think><answer>happy, excited</answer>'], {
 *   groundTruth: ['[happy]'],
 *   lengthPenalty: 'p2',
 * });
 * ```
 *
 * @category Rewards
 */
export function emotionWheelReward(
  completions: readonly string[],
  options: EmotionWheelRewardOptions,
): number[] {
  const groundTruth = checkRewardInputs('emotionWheelReward', completions, options);
  const requireTags = options.requireTags ?? true;
  return completions.map((completion, index) => {
    const answer = extractAnswer(completion) ?? (requireTags ? undefined : completion);
    if (answer === undefined) return 0;
    const truth = groundTruth[index];
    const predicted = options.parseAnswer
      ? options.parseAnswer(answer).map((label) => label.toLowerCase().trim())
      : normalizeLabels(answer);
    const score = sampleEmotionWheelF1(truth, predicted, options);
    const distinct = new Set(predicted).size;
    const countRaw = (options.penalizeRawItems ?? true) && !options.parseAnswer;
    const predictedCount = countRaw ? Math.max(distinct, labelListFields(answer).length) : distinct;
    const penalty = lengthPenalty(predictedCount, new Set(normalizeLabels(truth)).size, {
      kind: options.lengthPenalty ?? 'none',
    });
    return score * penalty;
  });
}
