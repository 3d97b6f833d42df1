import { invalidArgument } from '@r1kit/core';

/**
 * Checks that `rows` is an array of arrays of non-negative integer ids.
 *
 * @param functionName - The public function, for the error message.
 * @param argument - The argument name, for the error message.
 * @param rows - The value to check.
 */
export function checkIdRows(functionName: string, argument: string, rows: unknown): void {
  if (!Array.isArray(rows)) {
    throw invalidArgument({ functionName, argument, received: rows, expected: 'an array' });
  }
  rows.forEach((row, index) => {
    checkIds(functionName, `${argument}[${index}]`, row);
  });
}

/**
 * Checks that `ids` is an array or typed array of non-negative integer ids.
 *
 * @param functionName - The public function, for the error message.
 * @param argument - The argument name, for the error message.
 * @param ids - The value to check.
 */
export function checkIds(functionName: string, argument: string, ids: unknown): void {
  const valid =
    (Array.isArray(ids) || ArrayBuffer.isView(ids)) &&
    Array.prototype.every.call(ids, (id: unknown) => Number.isInteger(id) && (id as number) >= 0);
  if (!valid) {
    throw invalidArgument({
      functionName,
      argument,
      received: ids,
      expected: 'an array or typed array of non-negative integer token ids',
    });
  }
}

/**
 * Checks that an optional length option is a positive integer.
 *
 * @param functionName - The public function, for the error message.
 * @param argument - The option name, for the error message.
 * @param value - The value to check.
 */
export function checkLength(functionName: string, argument: string, value: unknown): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1)) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: 'a positive integer',
    });
  }
}

/**
 * Checks that `options.padTokenId` is a non-negative integer token id.
 *
 * @param functionName - The public function, for the error message.
 * @param value - The value to check.
 */
export function checkPadTokenId(functionName: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw invalidArgument({
      functionName,
      argument: 'options.padTokenId',
      received: value,
      expected: 'a non-negative integer token id',
    });
  }
}
