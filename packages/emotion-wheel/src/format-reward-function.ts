import { type FormatRewardOptions, formatReward } from './format-reward.js';
import type { RewardInputs } from './reward-inputs.js';

/**
 * {@link formatReward} as a reward function of `@r1kit/trainer`: it reads only the completions
 * (no ground truth), so it fits every payload type.
 *
 * @param options - The options of {@link formatReward}.
 * @returns A function of `{ completions }` giving one reward in {0, 1} per completion.
 *
 * @example
 * ```ts
 * import { formatRewardFunction } from '@r1kit/emotion-wheel';
 * const format = formatRewardFunction({ think: false });
 * format({ completions: ['<answer>happy, tired</answer>', '<answer>sad,sad,,,</answer>'] }); // [1, 0]
 * ```
 *
 * @category Rewards
 */
export function formatRewardFunction(
  options: FormatRewardOptions = {},
): (inputs: Pick<RewardInputs, 'completions'>) => number[] {
  return (inputs) => formatReward(inputs?.completions, options);
}
