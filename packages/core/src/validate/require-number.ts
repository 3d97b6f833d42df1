import { invalidArgument } from '../errors/r1kit-error.js';
import type { IntegerOptions, NumberRangeOptions } from './validation-options.js';

/**
 * Returns `options.value` when it is a finite number within the bounds, otherwise throws an
 * `INVALID_ARGUMENT` {@link R1kitError} naming the function, the argument, the value and the
 * range.
 *
 * @param options - The value, where it came from and its bounds.
 * @returns The value, typed as a number.
 *
 * @example
 * ```ts
 * import { requireNumber } from '@r1kit/core';
 * requireNumber({ functionName: 'policyLoss', argument: 'options.beta', value: 0.04, min: 0 }); // 0.04
 * ```
 *
 * @category Validation
 */
export function requireNumber(options: NumberRangeOptions): number {
  const { value } = options;
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, options)) {
    throw invalidArgument({
      functionName: options.functionName,
      argument: options.argument,
      received: value,
      expected: options.expected ?? `a finite number${describeRange(options)}`,
      code: options.code,
    });
  }
  return value;
}

/**
 * Returns `options.value` when it is an integer within the bounds (and a divisor of
 * `options.divisorOf` when given), otherwise throws an `INVALID_ARGUMENT` {@link R1kitError}.
 *
 * @param options - The value, where it came from, its bounds and what it must divide.
 * @returns The value, typed as a number.
 *
 * @example
 * ```ts
 * import { requireInteger } from '@r1kit/core';
 * requireInteger({ functionName: 'generate', argument: 'options.maxCompletionLength', value: 16, min: 1 }); // 16
 * ```
 *
 * @category Validation
 */
export function requireInteger(options: IntegerOptions): number {
  const { value, divisorOf } = options;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    !inRange(value, options) ||
    (divisorOf !== undefined && (value === 0 || divisorOf % value !== 0))
  ) {
    const base =
      options.min === 1 && options.max === undefined && !options.exclusiveMin
        ? 'a positive integer'
        : `an integer${describeRange(options)}`;
    const expected = divisorOf === undefined ? base : `${base} that divides ${divisorOf}`;
    throw invalidArgument({
      functionName: options.functionName,
      argument: options.argument,
      received: value,
      expected: options.expected ?? expected,
      code: options.code,
    });
  }
  return value;
}

function inRange(value: number, options: NumberRangeOptions): boolean {
  const min = options.min ?? Number.NEGATIVE_INFINITY;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const aboveMin = options.exclusiveMin ? value > min : value >= min;
  const belowMax = options.exclusiveMax ? value < max : value <= max;
  return aboveMin && belowMax;
}

function describeRange(options: NumberRangeOptions): string {
  const parts: string[] = [];
  if (options.min !== undefined && options.min !== Number.NEGATIVE_INFINITY) {
    parts.push(`${options.exclusiveMin ? '>' : '>='} ${options.min}`);
  }
  if (options.max !== undefined && options.max !== Number.POSITIVE_INFINITY) {
    parts.push(`${options.exclusiveMax ? '<' : '<='} ${options.max}`);
  }
  return parts.length === 0 ? '' : ` ${parts.join(' and ')}`;
}
