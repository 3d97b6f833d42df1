import { invalidArgument } from '@r1kit/core';

/** Throws unless `value` is an integer `>= minimum` (internal helper for option checks). */
export function requireInteger(
  functionName: string,
  argument: string,
  value: unknown,
  minimum: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: minimum === 1 ? 'a positive integer' : `an integer >= ${minimum}`,
    });
  }
  return value;
}

/** Throws unless `value` is a finite number in `[minimum, maximum]` (internal helper). */
export function requireNumber(
  functionName: string,
  argument: string,
  value: unknown,
  minimum = Number.NEGATIVE_INFINITY,
  maximum = Number.POSITIVE_INFINITY,
  exclusiveMinimum = false,
): number {
  const tooSmall =
    typeof value === 'number' && (exclusiveMinimum ? value <= minimum : value < minimum);
  if (typeof value !== 'number' || !Number.isFinite(value) || tooSmall || value > maximum) {
    const low = exclusiveMinimum ? `> ${minimum}` : `>= ${minimum}`;
    const range =
      minimum === Number.NEGATIVE_INFINITY
        ? maximum === Number.POSITIVE_INFINITY
          ? 'a finite number'
          : `a finite number <= ${maximum}`
        : maximum === Number.POSITIVE_INFINITY
          ? `a finite number ${low}`
          : `a finite number ${low} and <= ${maximum}`;
    throw invalidArgument({ functionName, argument, received: value, expected: range });
  }
  return value;
}

/** Throws unless `value` is one of `allowed` (internal helper). */
export function requireOneOf<T extends string>(
  functionName: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: `one of ${allowed.map((item) => `'${item}'`).join(', ')}`,
    });
  }
  return value as T;
}
