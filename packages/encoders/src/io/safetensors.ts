import {
  parseSafetensors as parseSafetensorsFile,
  type SafetensorsDtype,
  serializeSafetensors as serializeSafetensorsFile,
} from '@r1kit/core';
import type { NdArray, NdDtype } from './nd-array.js';

/** How each {@link NdDtype} is spelled in a safetensors header. */
const toSafetensors: Record<NdDtype, SafetensorsDtype> = {
  float16: 'F16',
  float32: 'F32',
  float64: 'F64',
  int8: 'I8',
  int16: 'I16',
  int32: 'I32',
  uint8: 'U8',
  uint16: 'U16',
  uint32: 'U32',
  bool: 'BOOL',
};

/** The {@link NdDtype} of each safetensors dtype as `@r1kit/core` decodes it. */
const toNd: Record<SafetensorsDtype, NdDtype> = {
  ...(Object.fromEntries(Object.entries(toSafetensors).map(([nd, file]) => [file, nd])) as Record<
    SafetensorsDtype,
    NdDtype
  >),
  BF16: 'float32',
  I64: 'int32',
  U64: 'uint32',
};

/**
 * A parsed safetensors file as {@link NdArray}s, like `.npy`/`.npz` input.
 *
 * @category Feature input
 */
export interface SafetensorsContent {
  /** Tensors keyed by name. */
  tensors: Record<string, NdArray>;
  /** The `__metadata__` string map, empty when absent. */
  metadata: Record<string, string>;
}

/**
 * Parses a safetensors file into {@link NdArray}s with `@r1kit/core`'s validating codec. Reads
 * every dtype core reads; BF16 is widened and reported as `float32`, I64/U64 are narrowed to
 * `int32`/`uint32` (refused with `UNSUPPORTED` when a value does not fit).
 *
 * @param bytes - The whole file.
 * @returns The tensors and metadata.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for an unknown dtype.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseSafetensors } from '@r1kit/encoders';
 * const { tensors } = parseSafetensors(readFileSync('features.safetensors'));
 * ```
 *
 * @category Feature input
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsContent {
  const { tensors, metadata } = parseSafetensorsFile(bytes, { source: 'parseSafetensors' });
  const arrays: Record<string, NdArray> = {};
  for (const [name, { dtype, shape, data }] of Object.entries(tensors)) {
    arrays[name] = { dtype: toNd[dtype], shape, data };
  }
  return { tensors: arrays, metadata };
}

/**
 * Writes {@link NdArray}s as a safetensors file (with `@r1kit/core`'s codec) that the Python
 * `safetensors` library reads; tensors are laid out in name order.
 *
 * @param tensors - Tensors keyed by name.
 * @param metadata - Optional `__metadata__` string map.
 * @returns The file bytes.
 *
 * @example
 * ```ts
 * import { serializeSafetensors } from '@r1kit/encoders';
 * const bytes = serializeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 * ```
 *
 * @category Feature input
 */
export function serializeSafetensors(
  tensors: Record<string, NdArray>,
  metadata?: Record<string, string>,
): Uint8Array {
  const entries = Object.entries(tensors).map(([name, array]) => [
    name,
    { dtype: toSafetensors[array.dtype], shape: array.shape, data: array.data },
  ]);
  return serializeSafetensorsFile(Object.fromEntries(entries), { metadata });
}
