import { zipSync } from 'fflate';
import type { NpyArray } from './nd-array.js';
import { serializeNpy } from './serialize-npy.js';

/**
 * Options for {@link serializeNpz}.
 *
 * @category Arrays
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
 * Writes arrays as an `.npz` archive that `numpy.load` reads (each member written by
 * `serializeNpy`).
 *
 * @param arrays - The arrays, keyed by member name (a record or a map).
 * @param options - See {@link SerializeNpzOptions}.
 * @returns The archive bytes.
 *
 * @example
 * ```ts
 * import { serializeNpz } from '@r1kit/core';
 * const bytes = serializeNpz({ x: { dtype: 'float32', shape: [1], data: new Float32Array([3]) } });
 * ```
 *
 * @category Arrays
 */
export function serializeNpz(
  arrays: Readonly<Record<string, NpyArray>> | ReadonlyMap<string, NpyArray>,
  options: SerializeNpzOptions = {},
): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  const files: Record<string, Uint8Array> = Object.create(null);
  for (const [name, array] of entries) files[`${name}.npy`] = serializeNpy(array);
  return zipSync(files, { level: options.compress ? 6 : 0 });
}
