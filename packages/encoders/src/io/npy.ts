import { invalidArgument, R1kitError } from '@r1kit/core';
import { decodeElements, elementLayout, encodeElements } from './element-codec.js';
import { fortranToC } from './fortran-order.js';
import { type NdArray, type NdDtype, shapeSize } from './nd-array.js';
import { magic, parseNpyHeader } from './npy-header.js';

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
  const { shape, fortranOrder, dataOffset: dataStart, descr } = parseNpyHeader(bytes);
  const order = descr[0]!;
  const code = descr.slice(1);
  const count = shapeSize(shape);
  const layout = elementLayout(code)!;
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
