import { invalidArgument, R1kitError } from '@r1kit/core';
import { floatToHalf, halfToFloat } from './float16.js';
import type { NdData, NdDtype } from './nd-array.js';

/** How one stored element type is laid out in a file. */
interface ElementLayout {
  /** The dtype the decoded data carries. */
  dtype: NdDtype;
  /** Bytes per element in the file. */
  bytes: number;
  /** `f` float, `i` signed, `u` unsigned, `b` boolean. */
  kind: 'f' | 'i' | 'u' | 'b';
}

const layouts: Record<string, ElementLayout> = {
  f2: { dtype: 'float16', bytes: 2, kind: 'f' },
  f4: { dtype: 'float32', bytes: 4, kind: 'f' },
  f8: { dtype: 'float64', bytes: 8, kind: 'f' },
  i1: { dtype: 'int8', bytes: 1, kind: 'i' },
  i2: { dtype: 'int16', bytes: 2, kind: 'i' },
  i4: { dtype: 'int32', bytes: 4, kind: 'i' },
  i8: { dtype: 'int32', bytes: 8, kind: 'i' },
  u1: { dtype: 'uint8', bytes: 1, kind: 'u' },
  u2: { dtype: 'uint16', bytes: 2, kind: 'u' },
  u4: { dtype: 'uint32', bytes: 4, kind: 'u' },
  u8: { dtype: 'uint32', bytes: 8, kind: 'u' },
  b1: { dtype: 'bool', bytes: 1, kind: 'b' },
};

/**
 * Looks up the layout of a numpy-style type code such as `f4` or `i8`.
 *
 * @internal
 */
export function elementLayout(code: string): ElementLayout | undefined {
  return layouts[code];
}

/**
 * Decodes `count` elements starting at `offset`. 64-bit integers are narrowed to 32 bits and
 * refused with `UNSUPPORTED` when a value does not fit.
 *
 * @internal
 */
export function decodeElements(
  bytes: Uint8Array,
  offset: number,
  count: number,
  code: string,
  littleEndian: boolean,
  source: string,
): NdData {
  const layout = layouts[code]!;
  if (offset < 0 || offset + count * layout.bytes > bytes.length) {
    throw new R1kitError({ code: 'PARSE_ERROR', message: `${source}: the data is truncated` });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * layout.bytes);
  const read = (index: number): number => {
    const at = index * layout.bytes;
    switch (code) {
      case 'f2':
        return view.getUint16(at, littleEndian);
      case 'f4':
        return view.getFloat32(at, littleEndian);
      case 'f8':
        return view.getFloat64(at, littleEndian);
      case 'i1':
        return view.getInt8(at);
      case 'i2':
        return view.getInt16(at, littleEndian);
      case 'i4':
        return view.getInt32(at, littleEndian);
      case 'i8':
        return narrow(view.getBigInt64(at, littleEndian), -(2 ** 31), 2 ** 31 - 1, source);
      case 'u2':
        return view.getUint16(at, littleEndian);
      case 'u4':
        return view.getUint32(at, littleEndian);
      case 'u8':
        return narrow(view.getBigUint64(at, littleEndian), 0, 2 ** 32 - 1, source);
      default:
        return view.getUint8(at);
    }
  };
  const out = allocate(code === 'f2' ? 'uint16' : layout.dtype, count);
  for (let index = 0; index < count; index++) out[index] = read(index);
  return code === 'f2' ? halfToFloat(out as Uint16Array) : out;
}

/**
 * Encodes data little-endian as the given dtype (`float16` narrows, `bool` writes 0/1 bytes).
 *
 * @internal
 */
export function encodeElements(data: ArrayLike<number>, dtype: NdDtype): Uint8Array {
  if (dtype === 'float16') {
    const half = floatToHalf(data);
    return new Uint8Array(half.buffer, half.byteOffset, half.byteLength);
  }
  const typed = allocate(dtype, data.length);
  for (let index = 0; index < data.length; index++) typed[index] = data[index]!;
  if (dtype === 'bool')
    for (let index = 0; index < typed.length; index++) typed[index] = typed[index] ? 1 : 0;
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** Allocates the typed array that holds a dtype. @internal */
export function allocate(dtype: NdDtype, count: number): NdData {
  switch (dtype) {
    case 'float16':
    case 'float32':
      return new Float32Array(count);
    case 'float64':
      return new Float64Array(count);
    case 'int8':
      return new Int8Array(count);
    case 'int16':
      return new Int16Array(count);
    case 'int32':
      return new Int32Array(count);
    case 'uint16':
      return new Uint16Array(count);
    case 'uint32':
      return new Uint32Array(count);
    default:
      return new Uint8Array(count);
  }
}

function narrow(value: bigint, low: number, high: number, source: string): number {
  const number = Number(value);
  if (number < low || number > high) {
    throw invalidArgument({
      functionName: source,
      argument: '64-bit integer element',
      received: value,
      expected: `within [${low}, ${high}] (64-bit integers are narrowed to 32 bits)`,
      code: 'UNSUPPORTED',
    });
  }
  return number;
}
