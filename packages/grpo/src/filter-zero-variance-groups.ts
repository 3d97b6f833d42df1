import { invalidArgument, requireOneOf } from '@r1kit/core';
import { readRewards } from './group-statistics.js';
import { nanMeanStd } from './mean-std.js';
import { requireGroupSize } from './shared-checks.js';

/**
 * Options of {@link filterZeroVarianceGroups}.
 *
 * @category Advantages
 */
export interface FilterZeroVarianceGroupsOptions {
  /** Completions per prompt; consecutive runs of this many rewards form a group. */
  numGenerations: number;
  /**
   * `'std'` (DAPO, verl `filter_groups`): drop groups whose rewards are all equal.
   * `'mean-range'` (OpenRLHF `dynamic_filtering`): keep a group only if
   * `range[0] < mean < range[1]` (strict), which lets continuous constant groups through.
   *
   * @defaultValue `'std'`
   */
  method?: 'std' | 'mean-range';
  /**
   * Bounds of `'mean-range'` (OpenRLHF `--algo.dynamic_filtering_range`).
   *
   * @defaultValue `[0, 1]`
   */
  range?: readonly [number, number];
}

/**
 * Which groups {@link filterZeroVarianceGroups} keeps.
 *
 * @category Advantages
 */
export interface FilteredGroups {
  /** Indices of the kept groups, ascending. */
  groupIndices: number[];
  /** Indices of the samples of the kept groups, ascending (to select completions). */
  sampleIndices: number[];
  /** Fraction of groups kept (OpenRLHF `dynamic_filtering_pass_rate`). */
  passRate: number;
}

/**
 * DAPO dynamic sampling: finds the groups that carry a learning signal, so that generation can be
 * repeated until a batch is full of them. Compute advantages before dropping samples. A NaN
 * reward (every reward function returned null for that completion) is left out of its group's
 * statistics, as TRL's nanmean / nanstd do; a group with fewer than two distinct rewards is
 * dropped by `'std'`.
 *
 * @param rewards - One reward per completion, groups consecutive (NaN where missing).
 * @param options - Group size and filtering rule.
 * @returns Kept group and sample indices, and the pass rate.
 *
 * @example
 * ```ts
 * import { filterZeroVarianceGroups } from '@r1kit/grpo';
 * filterZeroVarianceGroups([1, 1, 0, 1, 0, 0], { numGenerations: 2 });
 * // { groupIndices: [1], sampleIndices: [2, 3], passRate: 1/3 }
 * ```
 *
 * @category Advantages
 */
export function filterZeroVarianceGroups(
  rewards: ArrayLike<number>,
  options: FilterZeroVarianceGroupsOptions,
): FilteredGroups {
  const name = 'filterZeroVarianceGroups';
  const values = readRewards(rewards, name);
  if (values.length === 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'rewards',
      received: rewards,
      expected: 'at least one reward',
    });
  }
  const numGenerations = requireGroupSize(name, options?.numGenerations, values.length, 1);
  const method = requireOneOf({
    functionName: name,
    argument: 'options.method',
    value: options.method ?? 'std',
    allowed: ['std', 'mean-range'] as const,
  });
  const range = options.range ?? [0, 1];
  if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1])) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.range',
      received: range,
      expected: 'a pair [low, high] with low < high',
    });
  }
  const groupIndices: number[] = [];
  const sampleIndices: number[] = [];
  const groups = values.length / numGenerations;
  for (let g = 0; g < groups; g += 1) {
    const stats = nanMeanStd(values, g * numGenerations, (g + 1) * numGenerations);
    const keep =
      method === 'std' ? !stats.constant : range[0] < stats.mean && stats.mean < range[1];
    if (!keep) continue;
    groupIndices.push(g);
    for (let i = g * numGenerations; i < (g + 1) * numGenerations; i += 1) sampleIndices.push(i);
  }
  return { groupIndices, sampleIndices, passRate: groupIndices.length / groups };
}
