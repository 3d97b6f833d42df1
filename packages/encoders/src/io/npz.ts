import { invalidArgument } from '@r1kit/core';
import { unzipSync, zipSync } from 'fflate';
import type { NdArray } from './nd-array.js';
import { parseNpy, serializeNpy } from './npy.js';

/**
 * Parses a numpy `.npz` archive (stored or deflated, as `np.savez` and `np.savez_compressed`
 * write) into its arrays, keyed by name without the `.npy` suffix. Each member is read by
 * {@link parseNpy}, so pickled members are refused.
 *
 * @param bytes - The whole archive.
 * @returns One entry per member array.
 * @throws R1kitError `PARSE_ERROR` when the bytes are not a zip archive.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseNpz } from '@r1kit/encoders';
 * const { audio, video } = parseNpz(readFileSync('sample.npz'));
 * ```
 *
 * @category Feature input
 */
export function parseNpz(bytes: Uint8Array): Record<string, NdArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (cause) {
    throw invalidArgument({
      functionName: 'parseNpz',
      argument: 'bytes',
      received: bytes.subarray(0, 4),
      expected: 'a zip archive of .npy files (np.savez)',
      code: 'PARSE_ERROR',
      cause,
    });
  }
  const out: Record<string, NdArray> = {};
  for (const [name, member] of Object.entries(members)) {
    if (name.endsWith('/')) continue;
    out[name.replace(/\.npy$/, '')] = parseNpy(member);
  }
  return out;
}

/**
 * Options for {@link serializeNpz}.
 *
 * @category Feature input
 */
export interface SerializeNpzOptions {
  /**
   * Whether to deflate members, like `np.savez_compressed`.
   *
   * @defaultValue `false`
   */
  compress?: boolean;
}

/**
 * Writes arrays as an `.npz` archive that `numpy.load` reads.
 *
 * @param arrays - The arrays, keyed by member name.
 * @param options - Compression.
 * @returns The archive bytes.
 *
 * @example
 * ```ts
 * import { serializeNpz } from '@r1kit/encoders';
 * const bytes = serializeNpz({ x: { dtype: 'float32', shape: [1], data: new Float32Array([3]) } });
 * ```
 *
 * @category Feature input
 */
export function serializeNpz(
  arrays: Record<string, NdArray>,
  options: SerializeNpzOptions = {},
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of Object.entries(arrays)) files[`${name}.npy`] = serializeNpy(array);
  return zipSync(files, { level: options.compress ? 6 : 0 });
}
