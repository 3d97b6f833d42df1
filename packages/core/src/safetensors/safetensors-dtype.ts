/**
 * An element type of a safetensors file, as spelled in its header.
 *
 * @category Safetensors
 */
export type SafetensorsDtype =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U64'
  | 'U32'
  | 'U16'
  | 'U8'
  | 'BOOL';

/**
 * The typed array holding a tensor's values in memory. `F16`/`BF16` are widened to
 * `Float32Array`, `I64`/`U64` narrowed to `Int32Array`/`Uint32Array`, `BOOL` is a `Uint8Array`
 * of 0/1.
 *
 * @category Safetensors
 */
export type SafetensorsData =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** Bytes per element of each dtype in the file. @internal */
export const dtypeBytes: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/**
 * Whether a header string is a dtype this codec reads.
 *
 * @internal
 */
export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(dtypeBytes, value);
}

/**
 * The dtype a typed array is written as when no dtype is given.
 *
 * @internal
 */
export function dtypeOfData(data: SafetensorsData): SafetensorsDtype {
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Int16Array) return 'I16';
  if (data instanceof Int8Array) return 'I8';
  if (data instanceof Uint32Array) return 'U32';
  if (data instanceof Uint16Array) return 'U16';
  if (data instanceof Uint8Array) return 'U8';
  return 'F32';
}
