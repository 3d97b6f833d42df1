import { dualReward } from './dual-reward.js';
import type { EmotionWheelRewardFunctionOptions } from './emotion-wheel-reward-function.js';
import type { LabelField } from './parse-label-list.js';
import { type GroundTruthPayload, groundTruthColumn, type RewardInputs } from './reward-inputs.js';

/**
 * {@link dualReward} as a reward function of `@r1kit/trainer`: the think block's emotion words
 * scored against the ground truth read from each completion's payload, with no closure. The
 * numbers are those of `dualReward(completions, { ...options, groundTruth })`.
 *
 * @typeParam Payload - Per-sample data of a prompt.
 * @param options - Where the ground truth is, and the options of {@link dualReward}.
 * @returns A function of `{ completions, payloads }` giving one reward in [0, 1] per completion.
 *
 * @example
 * ```ts
 * import { dualRewardFunction } from '@r1kit/emotion-wheel';
 * const dual = dualRewardFunction({ lengthPenalty: 'p1' });
 * dual({
 *   completions: ['<think>He looks worried.</think><answer>anxious</answer>'],
 *   payloads: [{ groundTruth: '[anxious]' }],
 * }); // [1]
 * ```
 *
 * @category Rewards
 */
export function dualRewardFunction<Payload extends GroundTruthPayload = GroundTruthPayload>(
  options?: EmotionWheelRewardFunctionOptions<Payload> & { readonly groundTruth?: undefined },
): (inputs: RewardInputs<Payload>) => number[];
/**
 * {@link dualReward} as a reward function, reading the ground truth with `options.groundTruth`
 * (payloads that keep it under another name).
 *
 * @typeParam Payload - Per-sample data of a prompt.
 * @param options - The ground-truth accessor, and the options of {@link dualReward}.
 * @returns A function of `{ completions, payloads }` giving one reward in [0, 1] per completion.
 */
export function dualRewardFunction<Payload>(
  options: EmotionWheelRewardFunctionOptions<Payload> & {
    readonly groundTruth: (payload: Payload) => LabelField;
  },
): (inputs: RewardInputs<Payload>) => number[];
export function dualRewardFunction<Payload>(
  options: EmotionWheelRewardFunctionOptions<Payload> = {},
): (inputs: RewardInputs<Payload>) => number[] {
  const { groundTruth: accessor, ...rewardOptions } = options;
  return (inputs) =>
    dualReward(inputs?.completions, {
      ...rewardOptions,
      groundTruth: groundTruthColumn('dualRewardFunction', inputs, accessor),
    });
}
