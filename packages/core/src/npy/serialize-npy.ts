import { invalidArgument } from '../errors/r1kit-error.js';
import { encodeElements } from '../safetensors/element-codec.js';
import { isStringArray, type NdDtype, type NpyArray, shapeSize } from './nd-array.js';
import { npyWriteDtypes } from './npy-dtype.js';
import { npyMagic } from './npy-header.js';

/**
 * Options for {@link serializeNpy}.
 *
 * @category Arrays
 */
export interface SerializeNpyOptions {
  /**
   * The numeric dtype to store (e.g. `float16` to halve the size); ignored for string arrays.
   *
   * @defaultValue `array.dtype`
   */
  dtype?: NdDtype;
}

/**
 * Writes an array as a version 1.0 `.npy` file (little-endian, C order) that `numpy.load` reads.
 * String arrays are written as unicode (`<U` with the longest string's width).
 *
 * @param array - The array to write.
 * @param options - See {@link SerializeNpyOptions}.
 * @returns The file bytes.
 * @throws R1kitError `SHAPE_MISMATCH` when the data length is not the product of the shape.
 *
 * @example
 * ```ts
 * import { serializeNpy } from '@r1kit/core';
 * const bytes = serializeNpy({ dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) });
 * const names = serializeNpy({ dtype: 'unicode', shape: [2], data: ['a', 'é😀'] });
 * ```
 *
 * @category Arrays
 */
export function serializeNpy(array: NpyArray, options: SerializeNpyOptions = {}): Uint8Array {
  if (array.data.length !== shapeSize(array.shape)) {
    throw invalidArgument({
      functionName: 'serializeNpy',
      argument: 'array.data',
      received: array.data,
      expected: `${shapeSize(array.shape)} elements for shape [${array.shape.join(', ')}]`,
      code: 'SHAPE_MISMATCH',
    });
  }
  let descr: string;
  let body: Uint8Array;
  if (isStringArray(array)) {
    const points = array.data.map((text) => Array.from(text, (char) => char.codePointAt(0)!));
    const width = Math.max(1, ...points.map((item) => item.length));
    const words = new Uint32Array(points.length * width);
    for (const [index, item] of points.entries()) words.set(item, index * width);
    descr = `<U${width}`;
    body = encodeElements(words, 'U32');
  } else {
    const [code, codecDtype] = npyWriteDtypes[options.dtype ?? array.dtype];
    descr = code;
    body = encodeElements(array.data, codecDtype);
  }
  const shapeText =
    array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + body.length);
  out.set(npyMagic, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}
