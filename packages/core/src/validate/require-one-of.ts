import { invalidArgument } from '../errors/r1kit-error.js';
import type { ValidationOptions } from './validation-options.js';

/**
 * Options of {@link requireOneOf}.
 *
 * @category Validation
 */
export interface RequireOneOfOptions<T extends string> extends ValidationOptions {
  /** The accepted strings. */
  allowed: readonly T[];
}

/**
 * Returns `options.value` when it is one of `options.allowed`, otherwise throws an
 * `INVALID_ARGUMENT` {@link R1kitError} that lists the accepted values.
 *
 * @param options - The value, where it came from and the accepted strings.
 * @returns The value, typed as the union of the accepted strings.
 *
 * @example
 * ```ts
 * import { requireOneOf } from '@r1kit/core';
 * const lossType = requireOneOf({
 *   functionName: 'policyLoss',
 *   argument: 'options.lossType',
 *   value: 'dapo',
 *   allowed: ['grpo', 'bnpo', 'dr_grpo', 'dapo'] as const,
 * }); // 'dapo'
 * ```
 *
 * @category Validation
 */
export function requireOneOf<T extends string>(options: RequireOneOfOptions<T>): T {
  const { value, allowed } = options;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument({
      functionName: options.functionName,
      argument: options.argument,
      received: value,
      expected: options.expected ?? `one of ${allowed.map((item) => `'${item}'`).join(', ')}`,
      code: options.code,
    });
  }
  return value as T;
}
