import { R1kitError } from '../errors/r1kit-error.js';
import { decodeElements } from '../safetensors/element-codec.js';
import { fortranToC } from './fortran-order.js';
import { type NdData, type NpyArray, shapeSize } from './nd-array.js';
import { npyElement } from './npy-dtype.js';
import { type ParseNpyOptions, parseNpyHeader } from './npy-header.js';
import { decodeStrings } from './npy-strings.js';

/**
 * Parses a numpy `.npy` file (format versions 1-3): float16/32/64, signed and unsigned
 * integers, booleans, unicode (`<U`) and bytes (`|S`) strings, little- or big-endian, C or
 * Fortran order (returned in C order). Object arrays (which numpy stores as a pickle) and raw
 * pickle files are refused with `UNSUPPORTED`, because unpickling can run arbitrary code.
 *
 * @param bytes - The whole file.
 * @param options - See {@link ParseNpyOptions}.
 * @returns The array, row-major: an `NdArray`, or an `NdStringArray` for string dtypes.
 * @throws R1kitError `PARSE_ERROR` for a malformed file (bad header or shape, truncated data, an
 *   invalid code point), `UNSUPPORTED` for pickles, unknown dtypes and other format versions.
 *
 * @example
 * ```ts
 * import { parseNpy, serializeNpy } from '@r1kit/core';
 * const bytes = serializeNpy({ dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) });
 * parseNpy(bytes, { source: 'features.npy' }); // { dtype: 'float32', shape: [2], data: ... }
 * ```
 *
 * @category Arrays
 */
export function parseNpy(bytes: Uint8Array, options: ParseNpyOptions = {}): NpyArray {
  const source = options.source ?? 'npy';
  const header = parseNpyHeader(bytes, options);
  const { shape, fortranOrder, dataOffset } = header;
  const element = npyElement(header.descr)!;
  const count = shapeSize(shape);
  const needed = count * element.itemBytes;
  if (bytes.length - dataOffset < needed) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `parseNpy: ${source}: the data is truncated; ${header.descr} shape [${shape.join(', ')}] needs ${needed} bytes, the file has ${bytes.length - dataOffset}`,
    });
  }
  const body = bytes.subarray(dataOffset, dataOffset + needed);
  if (element.codecDtype === undefined) {
    const strings = decodeStrings(body, element, count, `parseNpy: ${source}`);
    const data = fortranOrder ? fortranToC(strings, shape, (n) => new Array<string>(n)) : strings;
    return { dtype: element.dtype as 'unicode' | 'bytes', shape, data };
  }
  const decoded = decodeElements(
    body,
    element.codecDtype,
    count,
    `parseNpy: ${source}`,
    element.littleEndian,
  ) as NdData;
  const create = (n: number) => new (decoded.constructor as new (length: number) => NdData)(n);
  const data = fortranOrder ? fortranToC(decoded, shape, create) : decoded;
  return { dtype: element.dtype as Exclude<NpyArray['dtype'], 'unicode' | 'bytes'>, shape, data };
}
