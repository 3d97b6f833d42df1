import { invalidArgument } from '../errors/r1kit-error.js';
import type { NpyArray } from './nd-array.js';
import { parseNpy } from './parse-npy.js';
import { readZipMembers } from './read-zip.js';

/**
 * Options of {@link parseNpz}.
 *
 * @category Arrays
 */
export interface ParseNpzOptions {
  /**
   * A name for the archive in error messages, usually its path; a member is named
   * `source/member.npy`.
   *
   * @defaultValue `'npz'`
   */
  source?: string;
  /**
   * The most bytes all members may inflate to together. Checked against each member's declared
   * size before inflating and against the actual output while inflating, so a small archive
   * that would inflate to gigabytes (a zip bomb) is refused with `OUT_OF_MEMORY` without
   * allocating it.
   *
   * @defaultValue `268435456` (256 MiB)
   */
  maxInflatedBytes?: number;
}

/**
 * Parses a numpy `.npz` archive (stored or deflated, as `np.savez` and `np.savez_compressed`
 * write) into its arrays, keyed by member name without the `.npy` suffix. Each member is read by
 * {@link parseNpy}, so pickled members are refused and unicode arrays (the AffectGPT
 * `*-openset.npz` files) are read as strings. Entries that are not `.npy` files are skipped.
 *
 * @param bytes - The whole archive.
 * @param options - See {@link ParseNpzOptions}.
 * @returns One entry per member array, in a `Map` (a member named `__proto__.npy` is an ordinary
 *   key).
 * @throws R1kitError `PARSE_ERROR` when the bytes are not a zip archive or a member is damaged
 *   (the message names the archive and the member), `OUT_OF_MEMORY` past `maxInflatedBytes`,
 *   and the errors of {@link parseNpy}.
 *
 * @example
 * ```ts
 * import { parseNpz, serializeNpz } from '@r1kit/core';
 * const bytes = serializeNpz({ filenames: { dtype: 'unicode', shape: [1], data: ['sample_1'] } });
 * parseNpz(bytes, { source: 'openset.npz' }).get('filenames')?.data; // ['sample_1']
 * ```
 *
 * @category Arrays
 */
export function parseNpz(bytes: Uint8Array, options: ParseNpzOptions = {}): Map<string, NpyArray> {
  const source = options.source ?? 'npz';
  const maxInflatedBytes = options.maxInflatedBytes ?? 256 * 1024 * 1024;
  if (!(maxInflatedBytes >= 0)) {
    throw invalidArgument({
      functionName: 'parseNpz',
      argument: 'options.maxInflatedBytes',
      received: maxInflatedBytes,
      expected: 'a non-negative number of bytes',
    });
  }
  const arrays = new Map<string, NpyArray>();
  for (const [name, member] of readZipMembers(bytes, { source, maxInflatedBytes })) {
    if (!name.endsWith('.npy')) continue;
    arrays.set(name.slice(0, -4), parseNpy(member, { source: `${source}/${name}` }));
  }
  return arrays;
}
