import { describeValue } from './describe-value.js';

/** A symbol shared by every copy of r1kit loaded in one process, so `isInstance` works across copies. */
const marker = Symbol.for('@r1kit/error');

/**
 * What went wrong, as a stable machine-readable code.
 *
 * @category Errors
 */
export type R1kitErrorCode =
  /** An argument has the wrong type, range or value. */
  | 'INVALID_ARGUMENT'
  /** Two tensors or arrays that must agree in shape do not. */
  | 'SHAPE_MISMATCH'
  /** A file, key, sample or resource that was asked for does not exist. */
  | 'NOT_FOUND'
  /** A file or string could not be parsed (bad JSON, bad header, bad CSV row). */
  | 'PARSE_ERROR'
  /** The input is valid but uses a feature this library does not implement. */
  | 'UNSUPPORTED'
  /** Reading or writing a file failed. */
  | 'IO_ERROR'
  /** An object was used in a state that does not allow the call (disposed, not loaded). */
  | 'INVALID_STATE'
  /** A computation produced or received NaN or Infinity where a finite number is required. */
  | 'NUMERIC_ERROR'
  /** A TensorFlow.js backend could not be selected or lacks a kernel. */
  | 'BACKEND_ERROR'
  /** A configuration would not fit in the available memory. */
  | 'OUT_OF_MEMORY'
  /** A remote service (an OpenAI-compatible endpoint) failed or answered badly. */
  | 'NETWORK_ERROR'
  /** A configuration (preset, flags, config.json) is inconsistent. */
  | 'INVALID_CONFIG';

/**
 * Options for constructing an {@link R1kitError}.
 *
 * @category Errors
 */
export interface R1kitErrorOptions {
  /** The stable code that says what went wrong. */
  code: R1kitErrorCode;
  /** A message that says what was received, what was expected and what to do. */
  message: string;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * The one error class of r1kit. Every package throws it (or a subclass) with a literal `code`.
 *
 * @example
 * ```ts
 * import { R1kitError } from '@r1kit/core';
 * try {
 *   throw new R1kitError({ code: 'INVALID_ARGUMENT', message: 'groupSize must be positive' });
 * } catch (error) {
 *   if (R1kitError.isInstance(error)) console.log(error.code); // 'INVALID_ARGUMENT'
 * }
 * ```
 *
 * @category Errors
 */
export class R1kitError extends Error {
  /** Brand checked by {@link R1kitError.isInstance}; shared across duplicate copies of the class. */
  readonly [marker] = true;
  /** The stable code that says what went wrong. */
  readonly code: R1kitErrorCode;

  /** Creates an error from its code, message and optional cause. */
  constructor(options: R1kitErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'R1kitError';
    this.code = options.code;
  }

  /**
   * Whether `value` is an R1kitError, even one created by another copy of this package.
   *
   * @param value - Anything caught.
   * @returns `true` when `value` carries the r1kit error brand.
   */
  static isInstance(value: unknown): value is R1kitError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[marker] === true
    );
  }
}

/**
 * Options for {@link invalidArgument}.
 *
 * @category Errors
 */
export interface InvalidArgumentOptions {
  /** The public function or class that received the argument, e.g. `groupAdvantages`. */
  functionName: string;
  /** The argument or option name, e.g. `options.groupSize`. */
  argument: string;
  /** The value received. It is described briefly (type, shape, a few elements). */
  received: unknown;
  /** What was expected, e.g. `a positive integer that divides rewards.length (12)`. */
  expected: string;
  /**
   * The code to use.
   *
   * @defaultValue `'INVALID_ARGUMENT'`
   */
  code?: R1kitErrorCode;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Builds an {@link R1kitError} whose message names the function, the argument, the value
 * received and the value expected.
 *
 * @example
 * ```ts
 * import { invalidArgument } from '@r1kit/core';
 * const error = invalidArgument({
 *   functionName: 'groupAdvantages',
 *   argument: 'options.groupSize',
 *   received: 5,
 *   expected: 'a positive integer that divides rewards.length (12)',
 * });
 * // error.message: "groupAdvantages: options.groupSize must be a positive integer that divides
 * //   rewards.length (12); received 5"
 * ```
 *
 * @category Errors
 */
export function invalidArgument(options: InvalidArgumentOptions): R1kitError {
  return new R1kitError({
    code: options.code ?? 'INVALID_ARGUMENT',
    message: `${options.functionName}: ${options.argument} must be ${options.expected}; received ${describeValue(options.received)}`,
    cause: options.cause,
  });
}
