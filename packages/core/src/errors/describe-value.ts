/** How many elements of an array are shown in an error message. */
const shownElements = 6;

/**
 * A short human-readable description of a value for error messages: strings are quoted, arrays
 * and typed arrays show their length and first elements, tensors their shape and dtype.
 *
 * @param value - Any value.
 * @returns A one-line description, at most a few dozen characters for large inputs.
 *
 * @example
 * ```ts
 * import { describeValue } from '@r1kit/core';
 * describeValue([1, 2, 3]); // 'array of length 3 [1, 2, 3]'
 * ```
 *
 * @category Errors
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    return value.length > 80 ? `"${value.slice(0, 77)}..." (length ${value.length})` : `"${value}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const head = items.slice(0, shownElements).map((item) => briefElement(item));
    const more = items.length > shownElements ? ', ...' : '';
    const kind = Array.isArray(value) ? 'array' : value.constructor.name;
    return `${kind} of length ${items.length} [${head.join(', ')}${more}]`;
  }
  const record = value as { shape?: unknown; dtype?: unknown; rank?: unknown };
  if (Array.isArray(record.shape) && typeof record.dtype === 'string') {
    return `tensor of shape [${record.shape.join(', ')}] and dtype ${record.dtype}`;
  }
  const name = (value as object).constructor?.name ?? 'object';
  return name === 'Object' ? `object with keys {${Object.keys(value as object).join(', ')}}` : name;
}

function briefElement(item: unknown): string {
  if (Array.isArray(item)) return `array(${item.length})`;
  if (typeof item === 'string')
    return JSON.stringify(item.length > 20 ? `${item.slice(0, 17)}...` : item);
  return String(item);
}
