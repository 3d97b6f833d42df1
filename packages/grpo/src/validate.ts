import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Numbers accepted where a plain list of values is natural. */
export type NumericArray = ArrayLike<number>;

/**
 * Copies `values` into a Float64Array, rejecting non-arrays and non-finite entries.
 * @internal
 */
export function finiteArray(values: unknown, functionName: string, argument: string): Float64Array {
  if (!(Array.isArray(values) || ArrayBuffer.isView(values))) {
    throw invalidArgument({
      functionName,
      argument,
      received: values,
      expected: 'an array or typed array of finite numbers',
    });
  }
  const list = values as ArrayLike<unknown>;
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i += 1) {
    const value = list[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidArgument({
        functionName,
        argument: `${argument}[${i}]`,
        received: value,
        expected: 'a finite number',
        code: 'NUMERIC_ERROR',
      });
    }
    out[i] = value;
  }
  return out;
}

/**
 * Checks that `groupSize` is an integer of at least `minimum` that divides `count`.
 * @internal
 */
export function checkGroupSize(
  groupSize: unknown,
  count: number,
  functionName: string,
  minimum = 1,
): number {
  if (
    typeof groupSize !== 'number' ||
    !Number.isInteger(groupSize) ||
    groupSize < minimum ||
    count % groupSize !== 0
  ) {
    throw invalidArgument({
      functionName,
      argument: 'options.groupSize',
      received: groupSize,
      expected: `an integer >= ${minimum} that divides the number of samples (${count})`,
    });
  }
  return groupSize;
}

/**
 * Checks that `value` is a finite number within `[minimum, maximum]`.
 * @internal
 */
export function checkNumber(
  value: unknown,
  functionName: string,
  argument: string,
  minimum = Number.NEGATIVE_INFINITY,
  maximum = Number.POSITIVE_INFINITY,
  what = 'a finite number',
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum || value > maximum) {
    throw invalidArgument({ functionName, argument, received: value, expected: what });
  }
  return value;
}

/**
 * Checks that `value` is one of `allowed`.
 * @internal
 */
export function checkChoice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  functionName: string,
  argument: string,
): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: `one of ${allowed.map((item) => `'${item}'`).join(', ')}`,
    });
  }
  return value as T;
}

/**
 * Checks that `value` is a live float tensor of the given rank (any rank when omitted).
 * @internal
 */
export function checkTensor(
  value: unknown,
  functionName: string,
  argument: string,
  rank?: number,
): tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw invalidArgument({ functionName, argument, received: value, expected: 'a tf.Tensor' });
  }
  if (value.isDisposed) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: 'a tensor that has not been disposed',
      code: 'INVALID_STATE',
    });
  }
  if (rank !== undefined && value.rank !== rank) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: `a tensor of rank ${rank}`,
      code: 'SHAPE_MISMATCH',
    });
  }
  return value;
}

/**
 * Checks that `value` has exactly the shape `shape` (named `shapeName` in the message).
 * @internal
 */
export function checkShape(
  value: tf.Tensor,
  shape: readonly number[],
  functionName: string,
  argument: string,
  shapeName: string,
): void {
  const same = value.rank === shape.length && value.shape.every((size, i) => size === shape[i]);
  if (!same) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: `a tensor of shape [${shape.join(', ')}] (the shape of ${shapeName})`,
      code: 'SHAPE_MISMATCH',
    });
  }
}
