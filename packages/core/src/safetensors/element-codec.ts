import { R1kitError } from '../errors/r1kit-error.js';
import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from './half-precision.js';
import { dtypeBytes, type SafetensorsData, type SafetensorsDtype } from './safetensors-dtype.js';

/**
 * Decodes `count` elements of `dtype` from `bytes` (little-endian unless `littleEndian` is
 * false, as in a big-endian `.npy` file). 64-bit integers are narrowed to 32 bits; a value that
 * does not fit raises `UNSUPPORTED`. The one element codec of r1kit: safetensors and npy use it.
 *
 * @internal
 */
export function decodeElements(
  bytes: Uint8Array,
  dtype: SafetensorsDtype,
  count: number,
  where: string,
  littleEndian = true,
): SafetensorsData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * dtypeBytes[dtype]);
  const read = <T extends SafetensorsData>(out: T, get: (at: number) => number): T => {
    for (let i = 0; i < count; i++) out[i] = get(i);
    return out;
  };
  switch (dtype) {
    case 'F64':
      return read(new Float64Array(count), (i) => view.getFloat64(i * 8, littleEndian));
    case 'F32':
      return read(new Float32Array(count), (i) => view.getFloat32(i * 4, littleEndian));
    case 'F16':
      return float16ToFloat32(
        read(new Uint16Array(count), (i) => view.getUint16(i * 2, littleEndian)),
      );
    case 'BF16':
      return bfloat16ToFloat32(
        read(new Uint16Array(count), (i) => view.getUint16(i * 2, littleEndian)),
      );
    case 'I64':
      return read(new Int32Array(count), (i) =>
        narrow(view.getBigInt64(i * 8, littleEndian), -(2 ** 31), 2 ** 31 - 1, where),
      );
    case 'I32':
      return read(new Int32Array(count), (i) => view.getInt32(i * 4, littleEndian));
    case 'I16':
      return read(new Int16Array(count), (i) => view.getInt16(i * 2, littleEndian));
    case 'I8':
      return read(new Int8Array(count), (i) => view.getInt8(i));
    case 'U64':
      return read(new Uint32Array(count), (i) =>
        narrow(view.getBigUint64(i * 8, littleEndian), 0, 2 ** 32 - 1, where),
      );
    case 'U32':
      return read(new Uint32Array(count), (i) => view.getUint32(i * 4, littleEndian));
    case 'U16':
      return read(new Uint16Array(count), (i) => view.getUint16(i * 2, littleEndian));
    default:
      return read(new Uint8Array(count), (i) => view.getUint8(i));
  }
}

/**
 * Encodes values little-endian as `dtype` (F16/BF16 round to nearest even, BOOL writes 0/1).
 *
 * @internal
 */
export function encodeElements(data: SafetensorsData, dtype: SafetensorsDtype): Uint8Array {
  const size = dtypeBytes[dtype];
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  if (dtype === 'F16' || dtype === 'BF16') {
    const half = dtype === 'F16' ? float32ToFloat16(data) : float32ToBfloat16(data);
    for (let i = 0; i < half.length; i++) view.setUint16(i * 2, half[i]!, true);
    return out;
  }
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    const at = i * size;
    if (dtype === 'F64') view.setFloat64(at, value, true);
    else if (dtype === 'F32') view.setFloat32(at, value, true);
    else if (dtype === 'I64') view.setBigInt64(at, BigInt(Math.trunc(value)), true);
    else if (dtype === 'U64') view.setBigUint64(at, BigInt(Math.trunc(value)), true);
    else if (dtype === 'I32') view.setInt32(at, value, true);
    else if (dtype === 'U32') view.setUint32(at, value, true);
    else if (dtype === 'I16') view.setInt16(at, value, true);
    else if (dtype === 'U16') view.setUint16(at, value, true);
    else if (dtype === 'I8') view.setInt8(at, value);
    else view.setUint8(at, dtype === 'BOOL' ? (value ? 1 : 0) : value);
  }
  return out;
}

function narrow(value: bigint, low: number, high: number, where: string): number {
  const number = Number(value);
  if (number < low || number > high) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${where} holds the 64-bit value ${value}; expected one within [${low}, ${high}] (64-bit integers are read as 32-bit)`,
    });
  }
  return number;
}
