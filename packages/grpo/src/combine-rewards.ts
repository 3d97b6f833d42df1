import { invalidArgument, requireOneOf } from '@r1kit/core';
import { type GroupAdvantagesOptions, resolveAdvantageSettings } from './group-advantages.js';
import { normalizeGroups } from './normalize-groups.js';

/**
 * Options of {@link combineRewards}: the {@link GroupAdvantagesOptions} plus the weighting.
 *
 * @category Advantages
 */
export interface CombineRewardsOptions extends GroupAdvantagesOptions {
  /**
   * One weight per reward function (TRL `reward_weights`).
   *
   * @defaultValue all 1
   */
  rewardWeights?: ArrayLike<number>;
  /**
   * `'sum_then_normalize'`: weighted sum, then group advantages. `'normalize_then_sum'` (GDPO):
   * group-normalize each function, weighted sum, then normalize over the whole batch (TRL
   * `multi_objective_aggregation`).
   *
   * @defaultValue `'sum_then_normalize'`
   */
  multiObjectiveAggregation?: 'sum_then_normalize' | 'normalize_then_sum';
}

/**
 * Result of {@link combineRewards}.
 *
 * @category Advantages
 */
export interface CombinedRewards {
  /** Weighted sum of the raw rewards per sample (NaN where every function returned null). */
  rewards: Float64Array;
  /** One advantage per sample (0 where every function returned null). */
  advantages: Float64Array;
}

/**
 * Combines several reward functions into one advantage per sample, as TRL's
 * `multi_objective_aggregation` does. A function may return `null` (or NaN) for a sample it does
 * not apply to: that entry is left out of the sums and statistics.
 *
 * @param rewardsPerFunction - `[sample][function]` rewards (TRL's `rewards_per_func`).
 * @param options - Reward weights, aggregation, and the group-advantage options.
 * @returns The weighted rewards and the advantages.
 *
 * @example
 * ```ts
 * import { combineRewards } from '@r1kit/grpo';
 * const { advantages } = combineRewards([[1, 0.5], [0, 1], [1, 1], [0, 0]], {
 *   numGenerations: 4,
 *   rewardWeights: [1, 0.5],
 *   multiObjectiveAggregation: 'normalize_then_sum',
 * }); // [0.590415, -0.380806, 1.009634, -1.219243]
 * ```
 *
 * @category Advantages
 */
export function combineRewards(
  rewardsPerFunction: ReadonlyArray<ReadonlyArray<number | null>>,
  options: CombineRewardsOptions,
): CombinedRewards {
  const name = 'combineRewards';
  const table = readTable(rewardsPerFunction, name);
  const functionCount = table[0]?.length ?? 0;
  const settings = resolveAdvantageSettings(name, table.length, options);
  const aggregation = requireOneOf({
    functionName: name,
    argument: 'options.multiObjectiveAggregation',
    value: options.multiObjectiveAggregation ?? 'sum_then_normalize',
    allowed: ['sum_then_normalize', 'normalize_then_sum'] as const,
  });
  const weights = readWeights(options.rewardWeights, functionCount, name);
  const rewards = weightedSum(table, weights);
  if (aggregation === 'sum_then_normalize') {
    return { rewards, advantages: normalizeGroups(rewards, settings) };
  }
  const normalized = table.map((row) => row.slice());
  for (let k = 0; k < functionCount; k += 1) {
    const column = table.map((row) => row[k]!);
    const z = normalizeGroups(column, settings);
    column.forEach((value, i) => {
      normalized[i]![k] = Number.isNaN(value) ? Number.NaN : z[i]!;
    });
  }
  const summed = weightedSum(normalized, weights);
  const batch = { ...settings, numGenerations: summed.length, scale: 'group' as const };
  return { rewards, advantages: normalizeGroups(summed, batch) };
}

function weightedSum(table: number[][], weights: Float64Array): Float64Array {
  return Float64Array.from(table, (row) => {
    let total = 0;
    let seen = false;
    row.forEach((value, k) => {
      if (Number.isNaN(value)) return;
      total += weights[k]! * value;
      seen = true;
    });
    return seen ? total : Number.NaN;
  });
}

function readTable(rows: unknown, functionName: string): number[][] {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw invalidArgument({
      functionName,
      argument: 'rewardsPerFunction',
      received: rows,
      expected: 'a non-empty array of per-sample reward rows',
    });
  }
  const width = Array.isArray(rows[0]) ? rows[0].length : -1;
  return rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== width || width === 0) {
      throw invalidArgument({
        functionName,
        argument: `rewardsPerFunction[${i}]`,
        received: row,
        expected: `an array of ${Math.max(width, 1)} rewards (one per function, like row 0)`,
        code: 'SHAPE_MISMATCH',
      });
    }
    return row.map((value: unknown, k: number) => {
      if (value === null || (typeof value === 'number' && Number.isNaN(value))) return Number.NaN;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalidArgument({
          functionName,
          argument: `rewardsPerFunction[${i}][${k}]`,
          received: value,
          expected: 'a finite number, null or NaN (not applicable)',
          code: 'NUMERIC_ERROR',
        });
      }
      return value;
    });
  });
}

function readWeights(
  weights: ArrayLike<number> | undefined,
  count: number,
  functionName: string,
): Float64Array {
  if (weights === undefined) return new Float64Array(count).fill(1);
  const list = Array.from(weights ?? []);
  if (list.length !== count || list.some((w) => typeof w !== 'number' || !Number.isFinite(w))) {
    throw invalidArgument({
      functionName,
      argument: 'options.rewardWeights',
      received: weights,
      expected: `${count} finite numbers (one per reward function)`,
    });
  }
  return Float64Array.from(list);
}
