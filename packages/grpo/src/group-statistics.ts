import { invalidArgument } from '@r1kit/core';
import { nanMeanStd } from './mean-std.js';
import { requireGroupSize } from './shared-checks.js';

/**
 * Options of {@link groupStatistics} and {@link fracRewardZeroStd}.
 *
 * @category Statistics
 */
export interface GroupStatisticsOptions {
  /** Completions per prompt; consecutive runs of this many rewards form a group. */
  numGenerations: number;
}

/**
 * Logging statistics of one batch of rewards (TRL `reward`, `reward_std`, `frac_reward_zero_std`).
 *
 * @category Statistics
 */
export interface GroupStatistics {
  /** Mean reward over the batch, NaN entries excluded (TRL `reward`). */
  rewardMean: number;
  /** Unbiased std over the batch, NaN excluded (TRL `reward_std` is the mean of group stds; see `groupStd`). */
  rewardStd: number;
  /** Mean of each group. */
  groupMean: Float64Array;
  /** Unbiased std of each group (0 for a constant group, NaN for fewer than two valid rewards). */
  groupStd: Float64Array;
  /** Fraction of groups whose std is 0 (no learning signal). */
  fracRewardZeroStd: number;
}

/**
 * Per-group and batch statistics of rewards for logging. NaN rewards (no applicable reward
 * function) are excluded, as TRL's `nanmean`/`nanstd` do.
 *
 * @param rewards - One reward per completion, groups consecutive; NaN allowed.
 * @param options - The group size.
 * @returns Batch and per-group means and stds, and the zero-std fraction.
 *
 * @example
 * ```ts
 * import { groupStatistics } from '@r1kit/grpo';
 * groupStatistics([1, 1, 1, 1, 1, 0, 0.5, 0.5], { numGenerations: 4 }).fracRewardZeroStd; // 0.5
 * ```
 *
 * @category Statistics
 */
export function groupStatistics(
  rewards: ArrayLike<number>,
  options: GroupStatisticsOptions,
): GroupStatistics {
  const name = 'groupStatistics';
  const values = readRewards(rewards, name);
  const numGenerations = requireGroupSize(name, options?.numGenerations, values.length, 1);
  const groups = values.length / numGenerations;
  const groupMean = new Float64Array(groups);
  const groupStd = new Float64Array(groups);
  let zero = 0;
  for (let g = 0; g < groups; g += 1) {
    const stats = nanMeanStd(values, g * numGenerations, (g + 1) * numGenerations);
    groupMean[g] = stats.mean;
    groupStd[g] = stats.std;
    if (stats.std === 0) zero += 1;
  }
  const batch = nanMeanStd(values);
  return {
    rewardMean: batch.mean,
    rewardStd: batch.std,
    groupMean,
    groupStd,
    fracRewardZeroStd: zero / groups,
  };
}

/**
 * Fraction of groups whose rewards are all equal (TRL `frac_reward_zero_std`): those groups
 * give zero advantage and no policy-gradient signal.
 *
 * @param rewards - One reward per completion, groups consecutive; NaN allowed.
 * @param options - The group size.
 * @returns A number in [0, 1].
 *
 * @example
 * ```ts
 * import { fracRewardZeroStd } from '@r1kit/grpo';
 * fracRewardZeroStd([1, 1, 0, 1], { numGenerations: 2 }); // 0.5
 * ```
 *
 * @category Statistics
 */
export function fracRewardZeroStd(
  rewards: ArrayLike<number>,
  options: GroupStatisticsOptions,
): number {
  return groupStatistics(rewards, options).fracRewardZeroStd;
}

/**
 * Mean and std of one reward function over a batch.
 *
 * @category Statistics
 */
export interface RewardFunctionStatistics {
  /** Mean over the samples where the function applied (TRL `rewards/{fn}/mean`). */
  mean: number;
  /** Unbiased std over those samples (TRL `rewards/{fn}/std`). */
  std: number;
}

/**
 * Per-function mean and unbiased std over the batch, skipping `null`/NaN entries.
 *
 * @param rewardsPerFunction - `[sample][function]` rewards (TRL `rewards_per_func`).
 * @returns One entry per function, in column order.
 *
 * @example
 * ```ts
 * import { rewardFunctionStatistics } from '@r1kit/grpo';
 * rewardFunctionStatistics([[1, null], [0, 1]]); // [{ mean: 0.5, std: 0.7071 }, { mean: 1, std: NaN }]
 * ```
 *
 * @category Statistics
 */
export function rewardFunctionStatistics(
  rewardsPerFunction: ReadonlyArray<ReadonlyArray<number | null>>,
): RewardFunctionStatistics[] {
  const name = 'rewardFunctionStatistics';
  if (!Array.isArray(rewardsPerFunction) || rewardsPerFunction.length === 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'rewardsPerFunction',
      received: rewardsPerFunction,
      expected: 'a non-empty array of per-sample reward rows',
    });
  }
  const width = rewardsPerFunction[0]!.length;
  const columns = Array.from({ length: width }, (_, k) =>
    readRewards(
      rewardsPerFunction.map((row) => row[k] ?? Number.NaN),
      name,
    ),
  );
  return columns.map((column) => {
    const { mean, std } = nanMeanStd(column);
    return { mean, std };
  });
}

/**
 * Reads rewards where NaN or null marks a missing reward (TRL's `None`); anything else must be
 * a finite number (internal).
 *
 * @param rewards - The rewards.
 * @param functionName - The public function, named in errors.
 * @returns The rewards, NaN where missing.
 */
export function readRewards(rewards: unknown, functionName: string): Float64Array {
  if (!(Array.isArray(rewards) || ArrayBuffer.isView(rewards)) || !('length' in rewards)) {
    throw invalidArgument({
      functionName,
      argument: 'rewards',
      received: rewards,
      expected: 'an array of numbers (NaN allowed)',
    });
  }
  return Float64Array.from(rewards as ArrayLike<number | null>, (value, i) => {
    if (value === null || Number.isNaN(value)) return Number.NaN;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidArgument({
        functionName,
        argument: `rewards[${i}]`,
        received: value,
        expected: 'a finite number or NaN',
        code: 'NUMERIC_ERROR',
      });
    }
    return value;
  });
}
