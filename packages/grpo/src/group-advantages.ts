import { invalidArgument, requireFiniteArray, requireNumber, requireOneOf } from '@r1kit/core';
import { normalizeGroups } from './normalize-groups.js';
import { type GrpoPreset, grpoPresets, grpoPresetValues } from './presets.js';
import { requireGroupSize } from './shared-checks.js';

/**
 * Options of {@link groupAdvantages}.
 *
 * @category Advantages
 */
export interface GroupAdvantagesOptions {
  /** Completions per prompt (TRL `num_generations`); consecutive runs of this many rewards form a group. */
  numGenerations: number;
  /**
   * Baseline: `'grpo'` subtracts the group mean; `'rloo'` subtracts the mean of the other
   * samples, i.e. G/(G−1)·(r − mean).
   *
   * @defaultValue `'grpo'`
   */
  estimator?: 'grpo' | 'rloo';
  /**
   * Divisor: `'group'` the group's std + epsilon, `'batch'` the whole batch's std + epsilon (TRL
   * `scale_rewards="batch"`), `'none'` no division (Dr. GRPO).
   *
   * @defaultValue `'group'` for `'grpo'`, `'none'` for `'rloo'`
   */
  scaleRewards?: 'group' | 'batch' | 'none';
  /**
   * Added to the standard deviation (outside the square root).
   *
   * @defaultValue the preset's: TRL 1e-4, verl 1e-6, OpenRLHF 1e-9
   */
  epsilon?: number;
  /**
   * Whether the std uses Bessel's N−1 correction, as all three libraries do. `false` gives the
   * biased std that many papers and blog posts show.
   *
   * @defaultValue `true`
   */
  unbiasedStd?: boolean;
  /**
   * Library conventions: epsilon, and whether a group of one is allowed (verl only: mean 0, std 1).
   *
   * @defaultValue `'trl'`
   */
  preset?: GrpoPreset;
}

/**
 * Group-relative advantages of scalar rewards (GRPO / Dr. GRPO / RLOO), on plain numbers.
 * Groups whose rewards are all equal get advantage 0 exactly.
 *
 * Extreme rewards: the statistics are computed at a power-of-two scale near each group's
 * largest |reward|, so rewards of ±1e308 (whose squares overflow) and of 1e-300 (whose squares
 * underflow) get the advantages of the formula, e.g. `[0, 1e-300]` with `epsilon: 0` gives
 * ±0.7071, not ±Infinity. A group whose divisor `std + epsilon` is still not a positive finite
 * number at that scale gets advantage 0, like a constant group; an advantage that is not
 * representable in float64 (`scaleRewards: 'none'` near ±1.8e308) throws `NUMERIC_ERROR`.
 *
 * @param rewards - One reward per completion, groups stored consecutively (`numGenerations` each).
 * @param options - Group size, estimator, scaling, epsilon and preset.
 * @returns One advantage per completion, in float64.
 *
 * @example
 * ```ts
 * import { groupAdvantages } from '@r1kit/grpo';
 * groupAdvantages([1, 1, 1, 0], { numGenerations: 4 }); // [0.4999, 0.4999, 0.4999, -1.4997] (TRL)
 * groupAdvantages([1, 0, 0.5, 0.5], { numGenerations: 4, scaleRewards: 'none' }); // [0.5, -0.5, 0, 0]
 * ```
 *
 * @category Advantages
 */
export function groupAdvantages(
  rewards: ArrayLike<number>,
  options: GroupAdvantagesOptions,
): Float64Array {
  const name = 'groupAdvantages';
  const values = requireFiniteArray({ functionName: name, argument: 'rewards', value: rewards });
  const settings = resolveAdvantageSettings(name, values.length, options);
  return normalizeGroups(values, settings);
}

/** Validates and resolves the options shared by groupAdvantages and combineRewards. @internal */
export function resolveAdvantageSettings(
  functionName: string,
  count: number,
  options: GroupAdvantagesOptions,
) {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument({
      functionName,
      argument: 'options',
      received: options,
      expected: 'an options object with numGenerations',
    });
  }
  const preset = requireOneOf({
    functionName,
    argument: 'options.preset',
    value: options.preset ?? 'trl',
    allowed: grpoPresets,
  });
  const pinned = grpoPresetValues[preset];
  if (count === 0) {
    throw invalidArgument({
      functionName,
      argument: 'rewards',
      received: [],
      expected: 'at least one reward',
    });
  }
  const estimator = requireOneOf({
    functionName,
    argument: 'options.estimator',
    value: options.estimator ?? 'grpo',
    allowed: ['grpo', 'rloo'] as const,
  });
  const minimum = pinned.allowSingletonGroups && estimator === 'grpo' ? 1 : 2;
  const numGenerations = requireGroupSize(functionName, options.numGenerations, count, minimum);
  const scale = requireOneOf({
    functionName,
    argument: 'options.scaleRewards',
    value: options.scaleRewards ?? (estimator === 'grpo' ? 'group' : 'none'),
    allowed: ['group', 'batch', 'none'] as const,
  });
  const epsilon = requireNumber({
    functionName,
    argument: 'options.epsilon',
    value: options.epsilon ?? pinned.advantageEpsilon,
    min: 0,
    expected: 'a finite number >= 0',
  });
  const unbiasedStd = options.unbiasedStd ?? true;
  return {
    numGenerations,
    estimator,
    scale,
    epsilon,
    unbiasedStd,
    singletonMeanZero: true,
    functionName,
  };
}
