import { requireInteger } from '../internal/validate.js';
import type { RewardFunction } from './grpo-types.js';

/**
 * Options of {@link softOverlongPunishment}.
 *
 * @category GRPO
 */
export interface SoftOverlongPunishmentOptions {
  /** `L_max`: the completion length limit. */
  maxCompletionLength: number;
  /** `L_cache`: the soft zone before the limit where the penalty ramps from 0 to -1. */
  softPunishCache: number;
}

/**
 * DAPO's soft overlong punishment as a reward function (TRL
 * `get_soft_overlong_punishment`): 0 up to `L_max - L_cache` tokens, then falling linearly to -1
 * at `L_max`, and -1 beyond.
 *
 * @param options - `maxCompletionLength` and `softPunishCache`.
 * @returns A reward function over completion lengths.
 *
 * @example
 * ```ts
 * import { softOverlongPunishment } from '@r1kit/trainer';
 * const penalty = softOverlongPunishment({ maxCompletionLength: 20, softPunishCache: 4 });
 * // lengths 16 -> 0, 17 -> -0.25, 18 -> -0.5, 20 -> -1
 * ```
 *
 * @category GRPO
 */
export function softOverlongPunishment(options: SoftOverlongPunishmentOptions): RewardFunction {
  const name = 'softOverlongPunishment';
  const limit = requireInteger(name, 'options.maxCompletionLength', options.maxCompletionLength, 1);
  const cache = requireInteger(name, 'options.softPunishCache', options.softPunishCache, 0);
  const start = limit - cache;
  return ({ completionIds }) =>
    completionIds.map((ids) => {
      const length = ids.length;
      if (length <= start) return 0;
      if (length <= limit) return (start - length) / Math.max(1, cache);
      return -1;
    });
}
