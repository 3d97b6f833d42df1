import { emotionWheelReward } from './emotion-wheel-reward.js';
import type { LabelField } from './parse-label-list.js';
import { type GroundTruthPayload, groundTruthColumn, type RewardInputs } from './reward-inputs.js';
import type { EmotionWheelRewardOptions } from './reward-options.js';

/**
 * Options of {@link emotionWheelRewardFunction} and {@link dualRewardFunction}: those of
 * {@link emotionWheelReward}, with the ground truth read from each completion's payload instead
 * of passed as an array.
 *
 * @typeParam Payload - Per-sample data of a prompt.
 * @category Rewards
 */
export interface EmotionWheelRewardFunctionOptions<Payload = GroundTruthPayload>
  extends Omit<EmotionWheelRewardOptions, 'groundTruth'> {
  /**
   * Reads the ground truth of one completion from its prompt's payload, for payloads that keep
   * it under another name (`(sample) => sample.labels`). A missing ground truth (an absent
   * payload, or `undefined` from here) throws `INVALID_ARGUMENT` naming the completion.
   * @defaultValue `(payload) => payload.groundTruth`
   */
  readonly groundTruth?: (payload: Payload) => LabelField;
}

/**
 * {@link emotionWheelReward} as a reward function of `@r1kit/trainer` (or any loop that calls
 * `compute({ completions, payloads })`): the ground truth of each completion comes from its
 * prompt's payload, like a TRL dataset column, so no closure is needed. The numbers are those
 * of `emotionWheelReward(completions, { ...options, groundTruth })`.
 *
 * @typeParam Payload - Per-sample data of a prompt.
 * @param options - Where the ground truth is, and the options of {@link emotionWheelReward}.
 * @returns A function of `{ completions, payloads }` giving one reward in [0, 1] per completion.
 *
 * @example
 * ```ts
 * import { emotionWheelRewardFunction } from '@r1kit/emotion-wheel';
 * const accuracy = emotionWheelRewardFunction({ lengthPenalty: 'p2' });
 * accuracy({
 *   completions: ['<think>...</think><answer>happy, excited</answer>'],
 *   payloads: [{ groundTruth: '[happy]' }],
 * }); // [0.5]: F1 1, P2 = 1/2 for two labels against one
 * // With GrpoTrainer: rewardFunctions: [{ name: 'accuracy', compute: accuracy }], and
 * // prompts whose payloads carry the ground truth: { promptIds, payload: { groundTruth } }.
 * // Ground truth under another name:
 * emotionWheelRewardFunction({ groundTruth: (sample: { labels: string[] }) => sample.labels });
 * ```
 *
 * @category Rewards
 */
export function emotionWheelRewardFunction<Payload extends GroundTruthPayload = GroundTruthPayload>(
  options?: EmotionWheelRewardFunctionOptions<Payload> & { readonly groundTruth?: undefined },
): (inputs: RewardInputs<Payload>) => number[];
/**
 * {@link emotionWheelReward} as a reward function, reading the ground truth with
 * `options.groundTruth` (payloads that keep it under another name).
 *
 * @typeParam Payload - Per-sample data of a prompt.
 * @param options - The ground-truth accessor, and the options of {@link emotionWheelReward}.
 * @returns A function of `{ completions, payloads }` giving one reward in [0, 1] per completion.
 */
export function emotionWheelRewardFunction<Payload>(
  options: EmotionWheelRewardFunctionOptions<Payload> & {
    readonly groundTruth: (payload: Payload) => LabelField;
  },
): (inputs: RewardInputs<Payload>) => number[];
export function emotionWheelRewardFunction<Payload>(
  options: EmotionWheelRewardFunctionOptions<Payload> = {},
): (inputs: RewardInputs<Payload>) => number[] {
  const { groundTruth: accessor, ...rewardOptions } = options;
  return (inputs) =>
    emotionWheelReward(inputs?.completions, {
      ...rewardOptions,
      groundTruth: groundTruthColumn('emotionWheelRewardFunction', inputs, accessor),
    });
}
