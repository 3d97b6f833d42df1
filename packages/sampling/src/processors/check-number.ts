import { invalidArgument } from '@r1kit/core';

/** What {@link checkNumber} validates. */
export interface CheckNumberOptions {
  /** Function named in the error. */
  functionName: string;
  /** Argument named in the error (`options.topK`). */
  argument: string;
  /** The value received. */
  value: unknown;
  /** Whether a number is acceptable. */
  accept: (value: number) => boolean;
  /** What was expected, for the error message. */
  expected: string;
}

/**
 * Returns `options.value` when it is a number accepted by `options.accept`, otherwise throws an
 * `INVALID_ARGUMENT` error naming the argument, the value and the expectation.
 */
export function checkNumber(options: CheckNumberOptions): number {
  const { value } = options;
  if (typeof value !== 'number' || Number.isNaN(value) || !options.accept(value)) {
    throw invalidArgument({
      functionName: options.functionName,
      argument: options.argument,
      received: value,
      expected: options.expected,
    });
  }
  return value;
}
