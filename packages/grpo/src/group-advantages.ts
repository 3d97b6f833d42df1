import { invalidArgument } from '@r1kit/core';
import { normalizeGroups } from './normalize-groups.js';
import { type GrpoPreset, grpoPresets, grpoPresetValues } from './presets.js';
import { checkChoice, checkGroupSize, checkNumber, finiteArray } from './validate.js';

/**
 * Options of {@link groupAdvantages}.
 *
 * @category Advantages
 */
export interface GroupAdvantagesOptions {
  /** Completions per prompt (TRL `num_generations`); consecutive runs of this many rewards form a group. */
  groupSize: number;
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
  scale?: 'group' | 'batch' | 'none';
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
 * @param rewards - One reward per completion, groups stored consecutively (`groupSize` each).
 * @param options - Group size, estimator, scaling, epsilon and preset.
 * @returns One advantage per completion, in float64.
 *
 * @example
 * ```ts
 * import { groupAdvantages } from '@r1kit/grpo';
 * groupAdvantages([1, 1, 1, 0], { groupSize: 4 }); // [0.4999, 0.4999, 0.4999, -1.4997] (TRL)
 * groupAdvantages([1, 0, 0.5, 0.5], { groupSize: 4, scale: 'none' }); // [0.5, -0.5, 0, 0]
 * ```
 *
 * @category Advantages
 */
export function groupAdvantages(
  rewards: ArrayLike<number>,
  options: GroupAdvantagesOptions,
): Float64Array {
  const name = 'groupAdvantages';
  const values = finiteArray(rewards, name, 'rewards');
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
      expected: 'an options object with groupSize',
    });
  }
  const preset = checkChoice(options.preset ?? 'trl', grpoPresets, functionName, 'options.preset');
  const pinned = grpoPresetValues[preset];
  if (count === 0) {
    throw invalidArgument({
      functionName,
      argument: 'rewards',
      received: [],
      expected: 'at least one reward',
    });
  }
  const estimator = checkChoice(
    options.estimator ?? 'grpo',
    ['grpo', 'rloo'] as const,
    functionName,
    'options.estimator',
  );
  const minimum = pinned.allowSingletonGroups && estimator === 'grpo' ? 1 : 2;
  const groupSize = checkGroupSize(options.groupSize, count, functionName, minimum);
  const scale = checkChoice(
    options.scale ?? (estimator === 'grpo' ? 'group' : 'none'),
    ['group', 'batch', 'none'] as const,
    functionName,
    'options.scale',
  );
  const epsilon = checkNumber(
    options.epsilon ?? pinned.advantageEpsilon,
    functionName,
    'options.epsilon',
    0,
    Number.POSITIVE_INFINITY,
    'a finite number >= 0',
  );
  const unbiasedStd = options.unbiasedStd ?? true;
  return { groupSize, estimator, scale, epsilon, unbiasedStd, singletonMeanZero: true };
}
