import { invalidArgument, R1kitError } from '../errors/r1kit-error.js';
import type { NpyArray } from './nd-array.js';
import { npyElement } from './npy-dtype.js';

/** The first six bytes of every `.npy` file, `\x93NUMPY`. @internal */
export const npyMagic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * What the header of a `.npy` file says, read without touching the data.
 *
 * @category Arrays
 */
export interface NpyHeader {
  /** The element type of the array read. */
  dtype: NpyArray['dtype'];
  /** The numpy type string, e.g. `<f4` or `<U19`. */
  descr: string;
  /** The dimensions. */
  shape: number[];
  /** Whether the data is stored column-major. */
  fortranOrder: boolean;
  /** Byte offset of the data in the file. */
  dataOffset: number;
}

/**
 * Options of {@link parseNpyHeader} and `parseNpy`.
 *
 * @category Arrays
 */
export interface ParseNpyOptions {
  /**
   * A name for the file in error messages, usually its path (or `archive.npz/member.npy`).
   *
   * @defaultValue `'npy'`
   */
  source?: string;
}

/**
 * Reads only the header of a `.npy` file (format versions 1-3; the first few hundred bytes are
 * enough), checking the magic, the version and the shape, and refusing pickles.
 *
 * @param bytes - The file, or at least its header.
 * @param options - See {@link ParseNpyOptions}.
 * @returns The dtype, shape, order and data offset.
 * @throws R1kitError `PARSE_ERROR` for a malformed header (including a shape such as `(1.9, 3)`),
 *   `UNSUPPORTED` for another format version, a pickle or an unknown dtype.
 *
 * @example
 * ```ts
 * import { parseNpyHeader, serializeNpy } from '@r1kit/core';
 * const bytes = serializeNpy({ dtype: 'float32', shape: [8, 4], data: new Float32Array(32) });
 * parseNpyHeader(bytes).shape; // [8, 4]
 * ```
 *
 * @category Arrays
 */
export function parseNpyHeader(bytes: Uint8Array, options: ParseNpyOptions = {}): NpyHeader {
  const source = options.source ?? 'npy';
  const functionName = `parseNpy: ${source}`;
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! <= 5) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${functionName}: bytes must be a .npy file; received a Python pickle. Pickles are refused because loading them can run arbitrary code: re-save with np.save(path, np.asarray(x), allow_pickle=False)`,
    });
  }
  if (bytes.length < 10 || npyMagic.some((value, index) => bytes[index] !== value)) {
    throw invalidArgument({
      functionName,
      argument: 'bytes',
      received: bytes.subarray(0, 6),
      expected: 'a .npy file starting with the magic \\x93NUMPY',
      code: 'PARSE_ERROR',
    });
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) {
    throw invalidArgument({
      functionName,
      argument: 'format version',
      received: `${major}.${bytes[7]}`,
      expected: '1.0, 2.0 or 3.0 (the versions numpy writes)',
      code: 'UNSUPPORTED',
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  const headerLength =
    major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : 0;
  if (headerStart + headerLength > bytes.length) {
    throw invalidArgument({
      functionName,
      argument: 'header length',
      received: headerLength,
      expected: `at most the ${Math.max(0, bytes.length - headerStart)} bytes available`,
      code: 'PARSE_ERROR',
    });
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLength),
  );
  const { descr, fortranOrder, shape } = parseDict(header, functionName);
  if (descr.includes('O') || descr.startsWith('[') || descr.startsWith('(')) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${functionName}: the array has dtype ${descr}, which numpy stores as a pickle; pickles are refused because loading them can run arbitrary code. Save a numeric or string array instead`,
    });
  }
  const element = npyElement(descr);
  if (element === undefined) {
    throw invalidArgument({
      functionName,
      argument: 'header descr',
      received: descr,
      expected: 'a numeric dtype (f2, f4, f8, i1-i8, u1-u8, b1) or a string dtype (U, S)',
      code: 'UNSUPPORTED',
    });
  }
  return {
    dtype: element.dtype,
    descr,
    shape,
    fortranOrder,
    dataOffset: headerStart + headerLength,
  };
}

/** Reads `descr`, `fortran_order` and `shape` from the header dict, strictly. */
function parseDict(
  header: string,
  functionName: string,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr =
    /'descr'\s*:\s*(['"])(.*?)\1/.exec(header)?.[2] ?? /'descr'\s*:\s*([[(])/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw invalidArgument({
      functionName,
      argument: 'header',
      received: header,
      expected: "a dict with 'descr', 'fortran_order' and 'shape'",
      code: 'PARSE_ERROR',
    });
  }
  const parts = shapeText.split(',').map((part) => part.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const valid =
    (parts.length === 1 && parts[0] === '') || parts.every((part) => /^\d+L?$/.test(part));
  const shape = valid && parts[0] !== '' ? parts.map((part) => Number.parseInt(part, 10)) : [];
  if (!valid || !shape.every(Number.isSafeInteger)) {
    throw invalidArgument({
      functionName,
      argument: 'header shape',
      received: `(${shapeText})`,
      expected: 'a tuple of non-negative integers such as (8, 1024)',
      code: 'PARSE_ERROR',
    });
  }
  return { descr, fortranOrder: fortran === 'True', shape };
}
