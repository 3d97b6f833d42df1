import {
  alignmentReward,
  dualReward,
  type EmotionWheelSet,
  emotionWheelReward,
  extractAnswer,
  formatReward,
  lengthPenalty,
  normalizeLabels,
} from '@r1kit/emotion-wheel';
import type { NamedRewardFunction } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';
import type { MerSample } from '../data/mer-sample.js';

const answerOnly = /^\s*<answer>([\s\S]*?)<\/answer>\s*$/;
const labelSplitter = /['",]/;

/**
 * The raw items of an answer: the text split on the official label separators (`,`, `'`,
 * `"`), each trimmed and lower-cased, empty pieces and duplicates kept. `sad,sad,,,` has 5
 * raw items (the EW metric itself sees one distinct label).
 *
 * @param answer - The text inside `<answer>...</answer>`.
 * @returns The raw items, in order.
 * @example
 * ```ts
 * rawAnswerItems('Sad, sad,'); // ['sad', 'sad', '']
 * ```
 * @category Rewards
 */
export function rawAnswerItems(answer: string): string[] {
  return answer.split(labelSplitter).map((item) => item.trim().toLowerCase());
}

/**
 * Whether an answer is a clean label list: at least one item, no empty item and no item
 * repeated (case-insensitive).
 *
 * @param answer - The text inside `<answer>...</answer>`.
 * @returns `true` for a clean list.
 * @example
 * ```ts
 * isCleanLabelList('happy, joyful'); // true
 * isCleanLabelList('sad,sad,,,'); // false
 * ```
 * @category Rewards
 */
export function isCleanLabelList(answer: string): boolean {
  const items = rawAnswerItems(answer);
  return !items.includes('') && new Set(items).size === items.length;
}

/**
 * Format reward of the `--no-think` variant: 1 when the completion is exactly one
 * `<answer>...</answer>` block holding a clean label list (see {@link isCleanLabelList}), else 0.
 *
 * @param completions - Completion texts.
 * @returns One reward in {0, 1} per completion.
 * @example
 * ```ts
 * answerFormatReward(['<answer>happy</answer>', 'happy', '<answer>sad, sad</answer>']); // [1, 0, 0]
 * ```
 * @category Rewards
 */
export function answerFormatReward(completions: readonly string[]): number[] {
  return completions.map((text) => {
    const match = answerOnly.exec(text);
    const answer = match?.[1];
    return answer !== undefined && !/<\/?(think|answer)>/.test(answer) && isCleanLabelList(answer)
      ? 1
      : 0;
  });
}

/**
 * Format reward of the think variant: `formatReward` (strict `<think>...</think><answer>...</answer>`)
 * and, in addition, a clean label list in the answer (see {@link isCleanLabelList}).
 *
 * @param completions - Completion texts.
 * @returns One reward in {0, 1} per completion.
 * @example
 * ```ts
 * thinkFormatReward(['<think>smile</think><answer>happy</answer>']); // [1]
 * ```
 * @category Rewards
 */
export function thinkFormatReward(completions: readonly string[]): number[] {
  return formatReward(completions).map((value, index) => {
    const answer = extractAnswer(completions[index] as string);
    return value === 1 && answer !== undefined && isCleanLabelList(answer) ? 1 : 0;
  });
}

/**
 * EW accuracy with the length penalty counted over the raw answer items: the sample EW-F1
 * (which sees distinct labels) times `lengthPenalty(|raw items|, |distinct truth|)`, so
 * duplicated or empty items cost as much as extra labels.
 *
 * @param completions - Completion texts.
 * @param options - Truth label lists, wheels and the penalty kind.
 * @returns One reward in [0, 1] per completion.
 * @example
 * ```ts
 * accuracyReward(['<answer>sad,sad,,,</answer>'], {
 *   groundTruth: [['sad']],
 *   wheels: builtinWheelSet(),
 *   lengthPenalty: 'p3',
 * }); // [log 2 / log 6]
 * ```
 * @category Rewards
 */
export function accuracyReward(
  completions: readonly string[],
  options: {
    /** Truth label list per completion. */
    readonly groundTruth: ReadonlyArray<readonly string[]>;
    /** The emotion-wheel resources. */
    readonly wheels: EmotionWheelSet;
    /** Length penalty kind. */
    readonly lengthPenalty: RunConfig['lengthPenalty'];
  },
): number[] {
  const scores = emotionWheelReward(completions, {
    groundTruth: options.groundTruth.map((labels) => [...labels]),
    wheels: options.wheels,
  });
  return scores.map((score, index) => {
    const answer = extractAnswer(completions[index] as string);
    if (answer === undefined || score === 0) return score;
    const truthCount = new Set(normalizeLabels([...(options.groundTruth[index] ?? [])])).size;
    const kind = options.lengthPenalty;
    return score * lengthPenalty(rawAnswerItems(answer).length, truthCount, { kind });
  });
}

/**
 * The weighted reward functions of one run, in the order of their weights: EW accuracy
 * ({@link accuracyReward}: the length penalty counts raw answer items), format
 * ({@link thinkFormatReward} or, without think, {@link answerFormatReward}: both need a clean
 * label list), and the optional dual and alignment rewards (think variant only), plus `ew_f`,
 * the accuracy without length penalty, at weight 0 (logged, not optimised).
 *
 * @param config - Weights, penalty and think flag.
 * @param wheels - The emotion-wheel resources.
 * @returns The functions and their weights for `GrpoTrainer`.
 * @example
 * ```ts
 * const { rewardFunctions, rewardWeights } = rewardFunctionsFor(config, builtinWheelSet());
 * ```
 * @category Rewards
 */
export function rewardFunctionsFor(
  config: Pick<
    RunConfig,
    'think' | 'accuracyWeight' | 'formatWeight' | 'dualWeight' | 'alignmentWeight' | 'lengthPenalty'
  >,
  wheels: EmotionWheelSet,
): { rewardFunctions: Array<NamedRewardFunction<MerSample>>; rewardWeights: number[] } {
  const truth = (payloads: ReadonlyArray<MerSample | undefined>) =>
    payloads.map((sample) => [...(sample?.labels ?? [])]);
  const functions: Array<[NamedRewardFunction<MerSample>, number]> = [
    [
      {
        name: 'accuracy',
        compute: ({ completions, payloads }) =>
          accuracyReward(completions, {
            groundTruth: truth(payloads),
            wheels,
            lengthPenalty: config.lengthPenalty,
          }),
      },
      config.accuracyWeight,
    ],
    [
      {
        name: 'format',
        compute: ({ completions }) =>
          config.think ? thinkFormatReward(completions) : answerFormatReward(completions),
      },
      config.formatWeight,
    ],
    [
      {
        name: 'ew_f',
        compute: ({ completions, payloads }) =>
          emotionWheelReward(completions, { groundTruth: truth(payloads), wheels }),
      },
      0,
    ],
  ];
  if (config.think && config.dualWeight > 0) {
    functions.push([
      {
        name: 'dual',
        compute: ({ completions, payloads }) =>
          dualReward(completions, {
            groundTruth: truth(payloads),
            wheels,
            lengthPenalty: config.lengthPenalty,
          }),
      },
      config.dualWeight,
    ]);
  }
  if (config.think && config.alignmentWeight > 0) {
    functions.push([
      { name: 'alignment', compute: ({ completions }) => alignmentReward(completions, { wheels }) },
      config.alignmentWeight,
    ]);
  }
  return {
    rewardFunctions: functions.map(([fn]) => fn),
    rewardWeights: functions.map(([, weight]) => weight),
  };
}
