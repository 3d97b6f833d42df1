import { R1kitError } from '@r1kit/core';
import { unzipSync } from 'fflate';

/**
 * A string array read from a `.npy` entry.
 *
 * @category Files
 */
export interface NpyStringArray {
  /** The numpy dtype, e.g. `<U19`. */
  readonly dtype: string;
  /** The array shape. */
  readonly shape: readonly number[];
  /** The elements in C order, trailing NUL padding removed. */
  readonly values: readonly string[];
}

function parseError(source: string, message: string): R1kitError {
  return new R1kitError({ code: 'PARSE_ERROR', message: `readNpz: ${source}: ${message}` });
}

/** Parses one `.npy` payload holding a unicode (`U`) or bytes (`S`) array. */
function parseNpy(bytes: Uint8Array, source: string): NpyStringArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((value, index) => bytes[index] !== value)) {
    throw parseError(source, 'not a .npy array (bad magic bytes)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLength),
  );
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw parseError(source, `unreadable .npy header ${JSON.stringify(header.trim())}`);
  }
  if (descr.includes('O')) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `readNpz: ${source} holds a pickled object array (dtype ${descr}); r1kit never unpickles. Save plain string arrays instead, e.g. np.savez(path, filenames=np.array(names), fileitems=np.array(items))`,
    });
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  const count = shape.reduce((product, size) => product * size, 1);
  const kind = /^([<>|=])([US])(\d+)$/.exec(descr);
  if (!kind) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `readNpz: ${source} has dtype ${descr}; only unicode (U) and bytes (S) string arrays are supported`,
    });
  }
  if (fortran === 'True' && shape.length > 1) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `readNpz: ${source} is a Fortran-ordered ${shape.length}-d array; save it in C order`,
    });
  }
  const width = Number(kind[3]);
  const itemBytes = kind[2] === 'U' ? width * 4 : width;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart + count * itemBytes) {
    throw parseError(source, `data is truncated (${count} items of ${itemBytes} bytes expected)`);
  }
  const littleEndian = kind[1] !== '>';
  const values: string[] = [];
  for (let item = 0; item < count; item++) {
    const offset = dataStart + item * itemBytes;
    let text = '';
    if (kind[2] === 'U') {
      const points: number[] = [];
      for (let index = 0; index < width; index++) {
        const point = view.getUint32(offset + index * 4, littleEndian);
        if (point === 0) break;
        points.push(point);
      }
      text = String.fromCodePoint(...points);
    } else {
      const raw = bytes.subarray(offset, offset + width);
      const end = raw.indexOf(0);
      text = new TextDecoder('latin1').decode(end < 0 ? raw : raw.subarray(0, end));
    }
    values.push(text);
  }
  return { dtype: descr, shape, values };
}

/**
 * Reads the string arrays of a numpy `.npz` file (a zip of `.npy` entries), such as the
 * AffectGPT `*-openset.npz` results (`filenames`, `fileitems`). Pickled object arrays are
 * refused with an `UNSUPPORTED` error, never unpickled.
 *
 * @param bytes - The file contents.
 * @param source - A name for error messages (the file path).
 * @returns Each array by its key (the entry name without `.npy`).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { readNpz } from '@r1kit/emotion-wheel';
 * const arrays = readNpz(readFileSync('checkpoint_000060-openset.npz'), 'openset.npz');
 * arrays.filenames!.values.length; // 532
 * ```
 *
 * @category Files
 */
export function readNpz(bytes: Uint8Array, source: string): Record<string, NpyStringArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (cause) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `readNpz: ${source} is not an .npz (zip) file: ${(cause as Error).message}`,
      cause,
    });
  }
  const arrays: Record<string, NpyStringArray> = {};
  for (const [name, payload] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    arrays[name.slice(0, -4)] = parseNpy(payload, `${source}/${name}`);
  }
  return arrays;
}
