import { type MerSample, merGroundTruth } from '@r1kit/datasets';
import {
  alignmentRewardFunction,
  dualRewardFunction,
  type EmotionWheelSet,
  emotionWheelRewardFunction,
  formatRewardFunction,
} from '@r1kit/emotion-wheel';
import type { NamedRewardFunction } from '@r1kit/trainer';
import type { RunConfig } from '../cli/run-config.js';

/** The ground truth of a sample: its open-vocabulary labels. */

/**
 * The weighted reward functions of one run, in the order of their weights: EW accuracy
 * (`emotionWheelRewardFunction` with the run's length penalty, which counts empty and repeated
 * answer fields), format (`formatRewardFunction`, think/answer or answer-only, with a clean
 * label list), and the optional dual and alignment rewards (think variant only), plus `ew_f`,
 * the accuracy without length penalty, at weight 0 (logged, not optimised). The ground truth
 * is each prompt payload's `labels`.
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
  const { lengthPenalty, think } = config;
  const functions: Array<[NamedRewardFunction<MerSample>, number]> = [
    [
      {
        name: 'accuracy',
        compute: emotionWheelRewardFunction({ groundTruth: merGroundTruth, wheels, lengthPenalty }),
      },
      config.accuracyWeight,
    ],
    [{ name: 'format', compute: formatRewardFunction({ think }) }, config.formatWeight],
    [
      {
        name: 'ew_f',
        compute: emotionWheelRewardFunction({ groundTruth: merGroundTruth, wheels }),
      },
      0,
    ],
  ];
  if (think && config.dualWeight > 0) {
    functions.push([
      {
        name: 'dual',
        compute: dualRewardFunction({ groundTruth: merGroundTruth, wheels, lengthPenalty }),
      },
      config.dualWeight,
    ]);
  }
  if (think && config.alignmentWeight > 0) {
    functions.push([
      { name: 'alignment', compute: alignmentRewardFunction({ wheels }) },
      config.alignmentWeight,
    ]);
  }
  return {
    rewardFunctions: functions.map(([fn]) => fn),
    rewardWeights: functions.map(([, weight]) => weight),
  };
}
