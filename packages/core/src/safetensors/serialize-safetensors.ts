import { invalidArgument } from '../errors/r1kit-error.js';
import { encodeElements } from './element-codec.js';
import {
  dtypeOfData,
  isSafetensorsDtype,
  type SafetensorsData,
  type SafetensorsDtype,
} from './safetensors-dtype.js';

/**
 * A tensor to write with {@link serializeSafetensors}.
 *
 * @category Safetensors
 */
export interface SafetensorsTensorInput {
  /**
   * The dtype to store; F16/BF16 round the values to nearest even, BOOL stores 0/1.
   *
   * @defaultValue the dtype of `data`: F32, F64, I32, I16, I8, U32, U16 or U8
   */
  dtype?: SafetensorsDtype;
  /** The dimensions, outermost first; `[]` for a scalar. */
  shape: readonly number[];
  /** Row-major values; length is the product of the shape. */
  data: SafetensorsData;
}

/**
 * Options of {@link serializeSafetensors}.
 *
 * @category Safetensors
 */
export interface SerializeSafetensorsOptions {
  /**
   * String metadata stored under `__metadata__`; nothing is written when it is empty.
   *
   * @defaultValue `{}`
   */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * Serialises tensors to the safetensors format read by the Python `safetensors` library: an
 * 8-byte little-endian header length, a JSON header padded with spaces to a multiple of 8 bytes,
 * then each tensor's little-endian bytes, in name order.
 *
 * @param tensors - Tensors by name (a record or a map).
 * @param options - See {@link SerializeSafetensorsOptions}.
 * @returns The file's bytes.
 * @throws R1kitError `SHAPE_MISMATCH` when a tensor's data length is not the product of its
 *   shape, `INVALID_ARGUMENT` for a bad shape or dtype.
 *
 * @example
 * ```ts
 * import { parseSafetensors, serializeSafetensors } from '@r1kit/core';
 * const bytes = serializeSafetensors(
 *   { ids: { shape: [2], data: new Int32Array([7, -1]) } },
 *   { metadata: { step: '3' } },
 * );
 * parseSafetensors(bytes).metadata.step; // '3'
 * ```
 *
 * @category Safetensors
 */
export function serializeSafetensors(
  tensors:
    | Readonly<Record<string, SafetensorsTensorInput>>
    | ReadonlyMap<string, SafetensorsTensorInput>,
  options: SerializeSafetensorsOptions = {},
): Uint8Array {
  const entries: [string, SafetensorsTensorInput][] =
    tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const metadata = options.metadata ?? {};
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const bodies: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of entries) {
    const fail = (argument: string, received: unknown, expected: string, shapeError = false) =>
      invalidArgument({
        functionName: 'serializeSafetensors',
        argument: `tensors['${name}'].${argument}`,
        received,
        expected,
        code: shapeError ? 'SHAPE_MISMATCH' : 'INVALID_ARGUMENT',
      });
    if (!tensor.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw fail('shape', tensor.shape, 'a list of non-negative integers');
    }
    const dtype = tensor.dtype ?? dtypeOfData(tensor.data);
    if (!isSafetensorsDtype(dtype)) throw fail('dtype', dtype, 'a safetensors dtype such as F32');
    const elements = tensor.shape.reduce((product, d) => product * d, 1);
    if (tensor.data.length !== elements) {
      throw fail(
        'data',
        tensor.data,
        `${elements} values for shape [${tensor.shape.join(', ')}]`,
        true,
      );
    }
    const body = encodeElements(tensor.data, dtype);
    header[name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + body.length] };
    bodies.push(body);
    offset += body.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const body of bodies) {
    bytes.set(body, position);
    position += body.length;
  }
  return bytes;
}
