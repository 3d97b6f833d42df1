import { R1kitError } from '@r1kit/core';

/**
 * Throws `NUMERIC_ERROR` when an array holds NaN or an infinity, naming where it came from,
 * so bad input fails loudly instead of turning into NaN losses later.
 *
 * @internal
 */
export function requireFinite(functionName: string, what: string, data: ArrayLike<number>): void {
  for (let index = 0; index < data.length; index++) {
    if (!Number.isFinite(data[index]!)) {
      throw new R1kitError({
        code: 'NUMERIC_ERROR',
        message: `${functionName}: ${what} holds ${data[index]} at element ${index}; expected only finite numbers`,
      });
    }
  }
}
