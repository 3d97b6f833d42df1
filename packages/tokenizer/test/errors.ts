import { R1kitError } from '@r1kit/core';

/**
 * Runs `run` and returns the R1kitError it throws; fails when it throws nothing or another error.
 */
export function errorOf(run: () => unknown): R1kitError {
  try {
    run();
  } catch (error) {
    if (R1kitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an R1kitError, but nothing was thrown');
}
