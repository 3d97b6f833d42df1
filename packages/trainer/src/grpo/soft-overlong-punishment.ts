import { invalidArgument, requireInteger } from '@r1kit/core';
import { type OverlongPenaltyOptions, overlongPenalty } from '@r1kit/grpo';
import type { RewardFunction } from './grpo-types.js';

/**
 * DAPO's soft overlong punishment as a reward function to add to `rewardFunctions` (TRL
 * `get_soft_overlong_punishment`): 0 up to `L_max - L_cache` completion tokens, then a linear
 * ramp to -1 at `L_max`, capped at -1 beyond (formula from `@r1kit/grpo`'s `overlongPenalty`).
 *
 * @param options - `@r1kit/grpo`'s `OverlongPenaltyOptions` (`maxCompletionLength`,
 *   `softPunishCache`, `penaltyFactor`, `preset`), passed to `overlongPenalty` unchanged; the two
 *   lengths must be integers here (they count tokens).
 * @returns A reward function over completion lengths.
 *
 * @example
 * ```ts
 * import { softOverlongPunishment } from '@r1kit/trainer';
 * const overlong = softOverlongPunishment({ maxCompletionLength: 20, softPunishCache: 4 });
 * const rewardFunctions = [{ name: 'overlong', compute: overlong }]; // for GrpoTrainer
 * // It reads only the completion lengths:
 * const completionIds = [16, 17, 18, 20].map((length) => new Array<number>(length).fill(7));
 * overlong({ completionIds, prompts: [], completions: [], finishReasons: [], payloads: [] });
 * // [0, -0.25, -0.5, -1]

 * ```
 *
 * @category GRPO
 */
export function softOverlongPunishment(options: OverlongPenaltyOptions): RewardFunction {
  const name = 'softOverlongPunishment';
  const maxCompletionLength = requireInteger({
    functionName: name,
    argument: 'options.maxCompletionLength',
    value: options?.maxCompletionLength,
    min: 1,
  });
  const softPunishCache = requireInteger({
    functionName: name,
    argument: 'options.softPunishCache',
    value: options.softPunishCache,
    min: 1,
  });
  if (softPunishCache > maxCompletionLength) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.softPunishCache',
      received: softPunishCache,
      expected: `an integer in [1, maxCompletionLength = ${maxCompletionLength}]`,
    });
  }
  // Same option names as grpo's overlongPenalty: the options pass through unchanged.
  const settings = { ...options, penaltyFactor: options.penaltyFactor ?? 1 };
  overlongPenalty(0, settings);
  return ({ completionIds }) =>
    Array.from(
      overlongPenalty(
        completionIds.map((ids) => ids.length),
        settings,
      ),
    );
}
