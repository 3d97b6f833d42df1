import { invalidArgument, R1kitError } from '@r1kit/core';
import type { NamedRewardFunction, RewardFunctionInputs } from './grpo-types.js';

/**
 * The reward step: runs every reward function (concurrently when they are async) and checks
 * their answers.
 *
 * @typeParam Payload - Per-sample extra data.
 * @param functions - Named reward functions.
 * @param inputs - Completions and prompts.
 * @returns `[completion][function]` rewards, `null` where a function does not apply (TRL's
 *   `rewards_per_func`).
 *
 * @example
 * ```ts
 * import { scoreCompletions } from '@r1kit/trainer';
 * const rewards = await scoreCompletions(
 *   [
 *     { name: 'length', compute: ({ completions }) => completions.map((text) => text.length / 10) },
 *     {
 *       name: 'finished', // null: does not apply to a truncated completion
 *       compute: ({ finishReasons }) => finishReasons.map((why) => (why === 'length' ? null : 1)),
 *     },

 *   ],
 *   {
 *     prompts: [{ promptIds: [1] }, { promptIds: [1] }],
 *     completions: ['happy', 'sad'],
 *     completionIds: [[5], [6]],
 *     finishReasons: ['stop', 'length'],
 *     payloads: [undefined, undefined],
 *   },
 * ); // [[0.5, 1], [0.3, null]]

 * ```
 *
 * @category GRPO
 */
export async function scoreCompletions<Payload>(
  functions: ReadonlyArray<NamedRewardFunction<Payload>>,
  inputs: RewardFunctionInputs<Payload>,
): Promise<Array<Array<number | null>>> {
  const count = inputs.completions.length;
  const columns = await Promise.all(
    functions.map(async ({ name, compute }) => {
      let values: ReadonlyArray<number | null>;
      try {
        values = await compute(inputs);
      } catch (cause) {
        if (R1kitError.isInstance(cause)) throw cause;
        throw new R1kitError({
          code: 'INVALID_STATE',
          message: `scoreCompletions: reward function "${name}" threw: ${(cause as Error)?.message ?? String(cause)}`,
          cause,
        });
      }
      if (!Array.isArray(values) || values.length !== count) {
        throw invalidArgument({
          functionName: 'scoreCompletions',
          argument: `the result of reward function "${name}"`,
          received: values,
          expected: `an array of ${count} numbers or nulls (one per completion)`,
          code: 'SHAPE_MISMATCH',
        });
      }
      values.forEach((value, index) => {
        if (value !== null && !(typeof value === 'number' && Number.isFinite(value))) {
          throw invalidArgument({
            functionName: 'scoreCompletions',
            argument: `reward function "${name}" result[${index}]`,
            received: value,
            expected: 'a finite number or null',
            code: 'NUMERIC_ERROR',
          });
        }
      });
      return values;
    }),
  );
  return Array.from({ length: count }, (_, row) => columns.map((column) => column[row] ?? null));
}
