import { invalidArgument, requireNumber, requireOneOf } from '@r1kit/core';
import { type GrpoPreset, grpoPresets } from './presets.js';

/**
 * Options of {@link overlongPenalty}.
 *
 * @category Rewards
 */
export interface OverlongPenaltyOptions {
  /** L_max, the longest allowed completion (TRL `max_completion_len`). */
  maxCompletionLength: number;
  /** L_cache, the soft zone before L_max where the penalty ramps from 0 to −1 (TRL `soft_punish_cache`). */
  softPunishCache: number;
  /**
   * Scale of the penalty (verl `penalty_factor`, OpenRLHF `--reward.overlong_penalty_factor`).
   *
   * @defaultValue `1`
   */
  penaltyFactor?: number;
  /**
   * Beyond L_max: TRL and OpenRLHF cap the penalty at −penaltyFactor; verl does not cap.
   *
   * @defaultValue `'trl'`
   */
  preset?: GrpoPreset;
}

/**
 * DAPO soft overlong punishment: 0 up to L_max − L_cache, then a linear ramp to −1 at L_max
 * (times `penaltyFactor`), added to the task reward.
 *
 * @param length - Completion length in tokens, or several lengths.
 * @param options - L_max, L_cache, factor and preset.
 * @returns The penalty (≤ 0), or one per length.
 *
 * @example
 * ```ts
 * import { overlongPenalty } from '@r1kit/grpo';
 * overlongPenalty(17, { maxCompletionLength: 20, softPunishCache: 4 }); // -0.25
 * overlongPenalty([15, 18, 20], { maxCompletionLength: 20, softPunishCache: 4 }); // [0, -0.5, -1]
 * ```
 *
 * @category Rewards
 */
export function overlongPenalty(length: number, options: OverlongPenaltyOptions): number;
export function overlongPenalty(
  length: ArrayLike<number>,
  options: OverlongPenaltyOptions,
): Float64Array;
export function overlongPenalty(
  length: number | ArrayLike<number>,
  options: OverlongPenaltyOptions,
): number | Float64Array {
  const name = 'overlongPenalty';
  const maxCompletionLength = requireNumber({
    functionName: name,
    argument: 'options.maxCompletionLength',
    value: options?.maxCompletionLength,
    min: 1,
    max: Infinity,
    expected: 'a positive number',
  });
  const softPunishCache = requireNumber({
    functionName: name,
    argument: 'options.softPunishCache',
    value: options.softPunishCache,
    min: Number.MIN_VALUE,
    max: maxCompletionLength,
    expected: `a number in (0, maxCompletionLength = ${maxCompletionLength}]`,
  });
  const factor = requireNumber({
    functionName: name,
    argument: 'options.penaltyFactor',
    value: options.penaltyFactor ?? 1,
    min: 0,
    max: Infinity,
    expected: 'a finite number >= 0',
  });
  const preset = requireOneOf({
    functionName: name,
    argument: 'options.preset',
    value: options.preset ?? 'trl',
    allowed: grpoPresets,
  });
  const expected = maxCompletionLength - softPunishCache;
  const one = (value: unknown, argument: string): number => {
    const size = requireNumber({
      functionName: name,
      argument,
      value,
      min: 0,
      max: Infinity,
      expected: 'a finite length >= 0',
    });
    if (size <= expected) return 0;
    const excess = (size - expected) / softPunishCache;
    return -factor * (preset === 'verl' ? excess : Math.min(excess, 1));
  };
  if (typeof length === 'number') return one(length, 'length');
  if (!(Array.isArray(length) || ArrayBuffer.isView(length))) {
    throw invalidArgument({
      functionName: name,
      argument: 'length',
      received: length,
      expected: 'a number or an array of numbers',
    });
  }
  return Float64Array.from(length as ArrayLike<number>, (value, i) => one(value, `length[${i}]`));
}
