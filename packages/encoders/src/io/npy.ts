import { invalidArgument, R1kitError } from '@r1kit/core';
import { decodeElements, elementLayout, encodeElements } from './element-codec.js';
import { fortranToC } from './fortran-order.js';
import { type NdArray, type NdDtype, shapeSize } from './nd-array.js';

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Parses a numpy `.npy` file (format versions 1-3): float16/32/64, signed and unsigned
 * integers, booleans, little- or big-endian, C or Fortran order. Fortran-ordered data is
 * returned in C order. Object arrays (which numpy stores as a pickle) and raw pickle files are
 * refused with an `UNSUPPORTED` error, because unpickling can run arbitrary code.
 *
 * @param bytes - The whole file.
 * @returns The array, row-major.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for pickles and
 *   unsupported dtypes.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseNpy } from '@r1kit/encoders';
 * const features = parseNpy(readFileSync('audio/sample_00001.npy')); // { shape: [8, 1024], ... }
 * ```
 *
 * @category Feature input
 */
export function parseNpy(bytes: Uint8Array): NdArray {
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! <= 5) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message:
        'parseNpy: bytes must be a .npy file; received a Python pickle. Pickles are refused ' +
        'because loading them can run arbitrary code: re-save with np.save(path, np.asarray(x), allow_pickle=False)',
    });
  }
  if (bytes.length < 10 || magic.some((value, index) => bytes[index] !== value)) {
    throw invalidArgument({
      functionName: 'parseNpy',
      argument: 'bytes',
      received: bytes.subarray(0, 6),
      expected: 'a .npy file starting with the magic \\x93NUMPY',
      code: 'PARSE_ERROR',
    });
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLength),
  );
  const { descr, fortranOrder, shape } = parseHeader(header);
  if (descr.includes('O') || descr.startsWith('[') || descr.startsWith('(')) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `parseNpy: the array has dtype ${descr}, which numpy stores as a pickle; pickles are refused because loading them can run arbitrary code. Save a numeric array instead`,
    });
  }
  const order = descr[0]!;
  const code = descr.slice(1);
  if (!'<>|='.includes(order) || elementLayout(code) === undefined) {
    throw invalidArgument({
      functionName: 'parseNpy',
      argument: 'header descr',
      received: descr,
      expected: 'a numeric dtype (f2, f4, f8, i1-i8, u1-u8, b1)',
      code: 'UNSUPPORTED',
    });
  }
  const count = shapeSize(shape);
  const layout = elementLayout(code)!;
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart < count * layout.bytes) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `parseNpy: the data is truncated; shape [${shape.join(', ')}] needs ${count * layout.bytes} bytes, the file has ${bytes.length - dataStart}`,
    });
  }
  const data = decodeElements(bytes, dataStart, count, code, order !== '>', 'parseNpy');
  return { dtype: layout.dtype, shape, data: fortranOrder ? fortranToC(data, shape) : data };
}

/**
 * Options for {@link serializeNpy}.
 *
 * @category Feature input
 */
export interface SerializeNpyOptions {
  /**
   * The dtype to store. Defaults to the array's own dtype.
   *
   * @defaultValue `array.dtype`
   */
  dtype?: NdDtype;
}

/**
 * Writes an array as a version 1.0 `.npy` file (little-endian, C order) that `numpy.load` reads.
 *
 * @param array - The array to write.
 * @param options - The stored dtype.
 * @returns The file bytes.
 *
 * @example
 * ```ts
 * import { serializeNpy } from '@r1kit/encoders';
 * const bytes = serializeNpy({ dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) });
 * ```
 *
 * @category Feature input
 */
export function serializeNpy(array: NdArray, options: SerializeNpyOptions = {}): Uint8Array {
  const dtype = options.dtype ?? array.dtype;
  if (array.data.length !== shapeSize(array.shape)) {
    throw invalidArgument({
      functionName: 'serializeNpy',
      argument: 'array.data',
      received: array.data,
      expected: `${shapeSize(array.shape)} elements for shape [${array.shape.join(', ')}]`,
      code: 'SHAPE_MISMATCH',
    });
  }
  const codes: Record<NdDtype, string> = {
    float16: '<f2',
    float32: '<f4',
    float64: '<f8',
    int8: '|i1',
    int16: '<i2',
    int32: '<i4',
    uint8: '|u1',
    uint16: '<u2',
    uint32: '<u4',
    bool: '|b1',
  };
  const shapeText =
    array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${codes[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const body = encodeElements(array.data, dtype);
  const out = new Uint8Array(10 + header.length + body.length);
  out.set(magic, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

function parseHeader(header: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr =
    /'descr'\s*:\s*(['"])(.*?)\1/.exec(header)?.[2] ?? /'descr'\s*:\s*([[(])/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw invalidArgument({
      functionName: 'parseNpy',
      argument: 'header',
      received: header,
      expected: "a dict with 'descr', 'fortran_order' and 'shape'",
      code: 'PARSE_ERROR',
    });
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => Number.parseInt(part.replace(/L$/, ''), 10));
  if (shape.some((dimension) => !Number.isInteger(dimension) || dimension < 0)) {
    throw invalidArgument({
      functionName: 'parseNpy',
      argument: 'header shape',
      received: shapeText,
      expected: 'a tuple of non-negative integers',
      code: 'PARSE_ERROR',
    });
  }
  return { descr, fortranOrder: fortran === 'True', shape };
}
