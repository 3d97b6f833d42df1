import type { SafetensorsDtype } from '../safetensors/safetensors-dtype.js';
import type { NdDtype } from './nd-array.js';

/** How one numpy element type (a `descr` such as `<f4` or `<U19`) is stored. @internal */
export interface NpyElement {
  /** The dtype of the array read. */
  dtype: NdDtype | 'unicode' | 'bytes';
  /** The element codec's dtype of a numeric element (absent for strings). */
  codecDtype?: SafetensorsDtype;
  /** Bytes per element in the file. */
  itemBytes: number;
  /** Characters per element of a string dtype (absent for numbers). */
  width?: number;
  /** Whether multi-byte values are little-endian. */
  littleEndian: boolean;
}

/** Numeric type codes: the element codec's dtype and the dtype of the array read. */
const numeric: Readonly<Record<string, readonly [SafetensorsDtype, NdDtype]>> = {
  f2: ['F16', 'float16'],
  f4: ['F32', 'float32'],
  f8: ['F64', 'float64'],
  i1: ['I8', 'int8'],
  i2: ['I16', 'int16'],
  i4: ['I32', 'int32'],
  i8: ['I64', 'int32'],
  u1: ['U8', 'uint8'],
  u2: ['U16', 'uint16'],
  u4: ['U32', 'uint32'],
  u8: ['U64', 'uint32'],
  b1: ['BOOL', 'bool'],
};

/**
 * The layout of a numpy `descr`, or `undefined` for a dtype r1kit does not read.
 *
 * @internal
 */
export function npyElement(descr: string): NpyElement | undefined {
  const match = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (match === null) return undefined;
  const [, order, kind, size] = match as unknown as [string, string, string, string];
  const littleEndian = order !== '>';
  const count = Number(size);
  if (kind === 'U') return { dtype: 'unicode', itemBytes: 4 * count, width: count, littleEndian };
  if (kind === 'S') return { dtype: 'bytes', itemBytes: count, width: count, littleEndian };
  const entry = Object.hasOwn(numeric, kind + size) ? numeric[kind + size] : undefined;
  if (entry === undefined) return undefined;
  return { dtype: entry[1], codecDtype: entry[0], itemBytes: Number(size), littleEndian };
}

/** The `descr` and codec dtype each {@link NdDtype} is written as. @internal */
export const npyWriteDtypes: Readonly<Record<NdDtype, readonly [string, SafetensorsDtype]>> = {
  float16: ['<f2', 'F16'],
  float32: ['<f4', 'F32'],
  float64: ['<f8', 'F64'],
  int8: ['|i1', 'I8'],
  int16: ['<i2', 'I16'],
  int32: ['<i4', 'I32'],
  uint8: ['|u1', 'U8'],
  uint16: ['<u2', 'U16'],
  uint32: ['<u4', 'U32'],
  bool: ['|b1', 'BOOL'],
};
