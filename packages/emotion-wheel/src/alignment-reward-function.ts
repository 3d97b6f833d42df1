import { type AlignmentRewardOptions, alignmentReward } from './alignment-reward.js';
import type { RewardInputs } from './reward-inputs.js';

/**
 * {@link alignmentReward} as a reward function of `@r1kit/trainer`: it reads only the
 * completions (no ground truth), so it fits every payload type.
 *
 * @param options - The options of {@link alignmentReward}.
 * @returns A function of `{ completions }` giving one reward in [0, 1] per completion.
 *
 * @example
 * ```ts
 * import { alignmentRewardFunction } from '@r1kit/emotion-wheel';
 * const alignment = alignmentRewardFunction();
 * alignment({ completions: ['<think>She seems furious.</think><answer>angry</answer>'] }); // [1]
 * ```
 *
 * @category Rewards
 */
export function alignmentRewardFunction(
  options: AlignmentRewardOptions = {},
): (inputs: Pick<RewardInputs, 'completions'>) => number[] {
  return (inputs) => alignmentReward(inputs?.completions, options);
}
