import { parseSafetensors, R1kitError, serializeSafetensors } from '@r1kit/core';

/**
 * One named array of a {@link SafetensorsContent}.
 *
 * @category Checkpoints
 */
export interface SafetensorsEntry {
  /** Row-major dimensions. */
  shape: number[];
  /** The values (`F32` or `I32` in the file). */
  data: Float32Array | Int32Array;
}

/**
 * What a checkpoint safetensors file holds: named arrays plus string metadata (`__metadata__`).
 *
 * @category Checkpoints
 */
export interface SafetensorsContent {
  /** Arrays by name. */
  tensors: Record<string, SafetensorsEntry>;
  /** String key/value pairs stored in the header. */
  metadata: Record<string, string>;
}

/**
 * Encodes checkpoint arrays with `@r1kit/core`'s `serializeSafetensors` (`F32` for a
 * `Float32Array`, `I32` for an `Int32Array`, sorted by name; empty metadata is not written).
 *
 * @param content - Arrays and metadata.
 * @returns The file's bytes.
 *
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from '@r1kit/trainer';
 * const bytes = encodeSafetensors({
 *   tensors: { w: { shape: [2], data: new Float32Array([1, 2]) } },
 *   metadata: { step: '3' },
 * });
 * decodeSafetensors(bytes).metadata.step; // '3'
 * ```
 *
 * @category Checkpoints
 */
export function encodeSafetensors(content: SafetensorsContent): Uint8Array {
  return serializeSafetensors(content.tensors, { metadata: content.metadata });
}

/**
 * Decodes a checkpoint safetensors file with `@r1kit/core`'s `parseSafetensors`, which
 * validates the header; checkpoints hold only `F32` and `I32` arrays, so other dtypes are
 * refused.
 *
 * @param bytes - The file's bytes.
 * @returns Arrays by name and the header metadata.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for a dtype other than
 *   `F32` or `I32`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { decodeSafetensors } from '@r1kit/trainer';
 * const { tensors } = decodeSafetensors(readFileSync('optimizer.safetensors'));
 * ```
 *
 * @category Checkpoints
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  const { tensors, metadata } = parseSafetensors(bytes, { source: 'decodeSafetensors' });
  const entries: Record<string, SafetensorsEntry> = {};
  for (const [name, { dtype, shape, data }] of Object.entries(tensors)) {
    if (!(dtype === 'F32' || dtype === 'I32')) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `decodeSafetensors: tensor "${name}" has dtype ${dtype}; checkpoint arrays are F32 or I32`,
      });
    }
    entries[name] = { shape, data: data as Float32Array | Int32Array };
  }
  return { tensors: entries, metadata };
}
