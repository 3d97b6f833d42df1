import { invalidArgument } from '@r1kit/core';

/**
 * A float32 tensor to write with {@link serializeSafetensors}.
 *
 * @category Safetensors
 */
export interface Float32Entry {
  /** The shape. */
  shape: number[];
  /** Row-major values; length is the product of the shape. */
  data: Float32Array;
}

/**
 * Serialises float32 tensors to the safetensors format: an 8-byte little-endian header length,
 * a JSON header padded with spaces to a multiple of 8 bytes, then the tensors' bytes in order.
 *
 * @param tensors - Tensors by name, written in iteration order.
 * @param metadata - String metadata stored under `__metadata__`.
 * @returns The file's bytes.
 *
 * @example
 * ```ts
 * import { serializeSafetensors, parseSafetensors } from '@r1kit/lm';
 * const bytes = serializeSafetensors(new Map([['w', { shape: [2], data: new Float32Array([1, 2]) }]]));
 * parseSafetensors(bytes).get('w')?.data; // Float32Array [1, 2]
 * ```
 *
 * @category Safetensors
 */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, Float32Entry>,
  metadata: Record<string, string> = { format: 'pt' },
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    const elements = shape.reduce((product, d) => product * d, 1);
    if (data.length !== elements) {
      throw invalidArgument({
        functionName: 'serializeSafetensors',
        argument: `tensors.get('${name}').data`,
        received: data,
        expected: `${elements} values for shape [${shape.join(', ')}]`,
        code: 'SHAPE_MISMATCH',
      });
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const { data } of tensors.values()) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    position += data.byteLength;
  }
  return bytes;
}
