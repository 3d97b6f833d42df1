import { invalidArgument } from '../errors/r1kit-error.js';
import type { ValidationOptions } from './validation-options.js';

/**
 * Copies `options.value` into a `Float64Array` when it is an array or typed array of finite
 * numbers. A non-array throws `INVALID_ARGUMENT`; a NaN, an infinity or a non-number element
 * throws `NUMERIC_ERROR` naming its index, so bad input fails here and not as a NaN loss later.
 *
 * @param options - The value and where it came from.
 * @returns A fresh `Float64Array` with the same elements.
 *
 * @example
 * ```ts
 * import { requireFiniteArray } from '@r1kit/core';
 * requireFiniteArray({ functionName: 'groupAdvantages', argument: 'rewards', value: [1, 0.5] });
 * // Float64Array [1, 0.5]
 * ```
 *
 * @category Validation
 */
export function requireFiniteArray(options: ValidationOptions): Float64Array {
  const { value, functionName, argument } = options;
  if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)))) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: options.expected ?? 'an array or typed array of finite numbers',
      code: options.code,
    });
  }
  const list = value as unknown as ArrayLike<unknown>;
  const out = new Float64Array(list.length);
  for (let index = 0; index < list.length; index += 1) {
    const element = list[index];
    if (typeof element !== 'number' || !Number.isFinite(element)) {
      throw invalidArgument({
        functionName,
        argument: `${argument}[${index}]`,
        received: element,
        expected: 'a finite number',
        code: 'NUMERIC_ERROR',
      });
    }
    out[index] = element;
  }
  return out;
}
