import {
  alignmentReward,
  dualReward,
  type EmotionWheelSet,
  emotionWheelReward,
  formatReward,
} from '@r1kit/emotion-wheel';
import type { NamedRewardFunction } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';
import type { MerSample } from '../data/mer-sample.js';

/**
 * The weighted reward functions of one run, in the order of their weights: EW accuracy
 * (`emotionWheelReward` with the run's length penalty, which counts empty and repeated answer
 * fields), format (`formatReward`, think/answer or answer-only, with a clean label list), and
 * the optional dual and alignment rewards (think variant only), plus `ew_f`, the accuracy
 * without length penalty, at weight 0 (logged, not optimised).
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
          emotionWheelReward(completions, {
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
        compute: ({ completions }) => formatReward(completions, { think: config.think }),
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
