import { R1kitError, type R1kitErrorCode } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** One expectation on the message: a substring it contains or a pattern it matches. */
export type MessagePart = string | RegExp;

function check(caught: unknown, code: R1kitErrorCode | string, parts: MessagePart[]): R1kitError {
  expect(R1kitError.isInstance(caught), `expected an R1kitError, got ${String(caught)}`).toBe(true);
  const error = caught as R1kitError;
  expect(error.code).toBe(code);
  for (const part of parts) {
    if (typeof part === 'string') expect(error.message).toContain(part);
    else expect(error.message).toMatch(part);
  }
  return error;
}

/**
 * Asserts that `body` throws (or, when it returns a promise, rejects with) an R1kitError with
 * `code` whose message contains or matches every one of `parts`, and that the failed call left
 * no tensor behind. Returns the error for further checks.
 */
export function expectR1kitError(
  body: () => Promise<unknown>,
  code: R1kitErrorCode | string,
  ...parts: MessagePart[]
): Promise<R1kitError>;
export function expectR1kitError(
  body: () => unknown,
  code: R1kitErrorCode | string,
  ...parts: MessagePart[]
): R1kitError;
export function expectR1kitError(
  body: () => unknown,
  code: R1kitErrorCode | string,
  ...parts: MessagePart[]
): R1kitError | Promise<R1kitError> {
  const before = tf.memory().numTensors;
  const leakCheck = () =>
    expect(tf.memory().numTensors, 'tensors leaked by the failing call').toBe(before);
  let result: unknown;
  try {
    result = body();
  } catch (error) {
    leakCheck();
    return check(error, code, parts);
  }
  if (result instanceof Promise) {
    return result.then(
      () => check(undefined, code, parts),
      (error: unknown) => {
        leakCheck();
        return check(error, code, parts);
      },
    );
  }
  return check(undefined, code, parts);
}

/**
 * The `code` of the R1kitError that `body` throws or rejects with: `'none'` when it succeeds,
 * `'other: ...'` for any other error.
 */
export async function errorCode(body: () => unknown): Promise<string> {
  try {
    await body();
  } catch (error) {
    return R1kitError.isInstance(error) ? error.code : `other: ${String(error)}`;
  }
  return 'none';
}
