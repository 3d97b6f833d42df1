import type { R1kitErrorCode } from '../errors/r1kit-error.js';

/**
 * What every `require*` validator of r1kit takes: where the value came from, for the message.
 *
 * @category Validation
 */
export interface ValidationOptions {
  /** The public function or class that received the value, e.g. `groupAdvantages`. */
  functionName: string;
  /** The argument or option name, e.g. `options.numGenerations`. */
  argument: string;
  /** The value received. */
  value: unknown;
  /**
   * What was expected, in words, replacing the validator's own description
   * (e.g. `an integer >= 2 that divides the number of samples (12)`).
   *
   * @defaultValue a description built from the other options
   */
  expected?: string;
  /**
   * The error code thrown.
   *
   * @defaultValue `'INVALID_ARGUMENT'`
   */
  code?: R1kitErrorCode;
}

/**
 * Bounds of {@link requireNumber} and {@link requireInteger}.
 *
 * @category Validation
 */
export interface NumberRangeOptions extends ValidationOptions {
  /**
   * The smallest value accepted.
   *
   * @defaultValue `-Infinity`
   */
  min?: number;
  /**
   * The largest value accepted.
   *
   * @defaultValue `Infinity`
   */
  max?: number;
  /**
   * Whether `min` itself is refused (`value > min` instead of `value >= min`).
   *
   * @defaultValue `false`
   */
  exclusiveMin?: boolean;
  /**
   * Whether `max` itself is refused (`value < max` instead of `value <= max`).
   *
   * @defaultValue `false`
   */
  exclusiveMax?: boolean;
}

/**
 * Options of {@link requireInteger}: the bounds, and optionally a number the value must divide.
 *
 * @category Validation
 */
export interface IntegerOptions extends NumberRangeOptions {
  /**
   * A count the value must divide exactly, e.g. the number of samples for a group size.
   *
   * @defaultValue none
   */
  divisorOf?: number;
}
