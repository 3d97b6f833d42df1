import { R1kitError } from '@r1kit/core';

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
 * What a safetensors file holds: named arrays plus string metadata (`__metadata__`).
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
 * Encodes arrays in the safetensors format (8-byte little-endian header length, JSON header with
 * `dtype`, `shape` and `data_offsets`, then the raw little-endian bytes), sorted by name.
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
  const names = Object.keys(content.tensors).sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(content.metadata).length > 0) header.__metadata__ = content.metadata;
  let offset = 0;
  for (const name of names) {
    const entry = content.tensors[name]!;
    const expected = entry.shape.reduce((product, size) => product * size, 1);
    if (expected !== entry.data.length) {
      throw new R1kitError({
        code: 'SHAPE_MISMATCH',
        message: `encodeSafetensors: tensor "${name}" has ${entry.data.length} values but shape [${entry.shape.join(', ')}] needs ${expected}`,
      });
    }
    const dtype = entry.data instanceof Int32Array ? 'I32' : 'F32';
    header[name] = {
      dtype,
      shape: entry.shape,
      data_offsets: [offset, offset + entry.data.byteLength],
    };
    offset += entry.data.byteLength;
  }
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((8 - ((8 + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  bytes.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const data = content.tensors[name]!.data;
    const out = new DataView(bytes.buffer, position, data.byteLength);
    for (let index = 0; index < data.length; index += 1) {
      if (data instanceof Int32Array) out.setInt32(index * 4, data[index]!, true);
      else out.setFloat32(index * 4, data[index]!, true);
    }
    position += data.byteLength;
  }
  return bytes;
}

/**
 * Decodes a safetensors file holding `F32` and `I32` arrays.
 *
 * @param bytes - The file's bytes.
 * @returns Arrays by name and the header metadata.
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
  const fail = (why: string): never => {
    throw new R1kitError({ code: 'PARSE_ERROR', message: `decodeSafetensors: ${why}` });
  };
  if (bytes.length < 8) fail(`the file has ${bytes.length} bytes, fewer than the 8-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) fail(`header length ${headerLength} exceeds the file size`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (cause) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: 'decodeSafetensors: bad JSON header',
      cause,
    });
  }
  const base = 8 + headerLength;
  const tensors: Record<string, SafetensorsEntry> = {};
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = info as unknown as Record<string, string>;
      continue;
    }
    const [start, end] = info.data_offsets;
    if (info.dtype !== 'F32' && info.dtype !== 'I32') {
      fail(`tensor "${name}" has dtype ${info.dtype}; only F32 and I32 are supported`);
    }
    if (base + end > bytes.length || end < start) fail(`tensor "${name}" lies outside the file`);
    const count = (end - start) / 4;
    const source = new DataView(bytes.buffer, bytes.byteOffset + base + start, end - start);
    const data = info.dtype === 'I32' ? new Int32Array(count) : new Float32Array(count);
    for (let index = 0; index < count; index += 1) {
      data[index] =
        info.dtype === 'I32'
          ? source.getInt32(index * 4, true)
          : source.getFloat32(index * 4, true);
    }
    tensors[name] = { shape: info.shape, data };
  }
  return { tensors, metadata };
}
