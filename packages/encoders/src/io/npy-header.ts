import { invalidArgument, R1kitError } from '@r1kit/core';
import { elementLayout } from './element-codec.js';
import type { NdDtype } from './nd-array.js';

/** The first six bytes of every `.npy` file, `\\x93NUMPY`. @internal */
export const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * What the header of a `.npy` file says, read without touching the data.
 *
 * @category Feature input
 */
export interface NpyHeader {
  /** The element type. */
  dtype: NdDtype;
  /** The numpy type string, e.g. `<f4`. */
  descr: string;
  /** The dimensions. */
  shape: number[];
  /** Whether the data is stored column-major. */
  fortranOrder: boolean;
  /** Byte offset of the data in the file. */
  dataOffset: number;
}

/**
 * Reads only the header of a `.npy` file (the first few hundred bytes are enough), checking the
 * magic and refusing pickles like {@link parseNpy}.
 *
 * @param bytes - The file, or at least its header.
 * @returns The dtype, shape, order and data offset.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseNpyHeader } from '@r1kit/encoders';
 * parseNpyHeader(readFileSync('audio/sample_00001.npy')).shape; // [8, 1024]
 * ```
 *
 * @category Feature input
 */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
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
  if (headerStart + headerLength > bytes.length) {
    throw invalidArgument({
      functionName: 'parseNpy',
      argument: 'header length',
      received: headerLength,
      expected: `at most the ${bytes.length - headerStart} bytes available`,
      code: 'PARSE_ERROR',
    });
  }
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
  const layout = elementLayout(descr.slice(1));
  if (!'<>|='.includes(descr[0]!) || layout === undefined) {
    throw invalidArgument({
      functionName: 'parseNpy',
      argument: 'header descr',
      received: descr,
      expected: 'a numeric dtype (f2, f4, f8, i1-i8, u1-u8, b1)',
      code: 'UNSUPPORTED',
    });
  }
  return {
    dtype: layout.dtype,
    descr,
    shape,
    fortranOrder,
    dataOffset: headerStart + headerLength,
  };
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
