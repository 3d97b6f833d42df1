import { invalidArgument, R1kitError } from '@r1kit/core';
import { decodeElements, elementLayout, encodeElements } from './element-codec.js';
import { type NdArray, type NdDtype, shapeSize } from './nd-array.js';

const toCode: Record<string, string> = {
  F16: 'f2',
  F32: 'f4',
  F64: 'f8',
  I8: 'i1',
  I16: 'i2',
  I32: 'i4',
  I64: 'i8',
  U8: 'u1',
  U16: 'u2',
  U32: 'u4',
  U64: 'u8',
  BOOL: 'b1',
};
const fromDtype: Record<NdDtype, string> = {
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

/**
 * A parsed safetensors file: its tensors and its free-form string metadata.
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
 * Parses a safetensors file (8-byte little-endian header length, JSON header, raw
 * little-endian data). Supports F16/F32/F64, I8-I64, U8-U64 and BOOL; BF16 and others are
 * refused with `UNSUPPORTED`.
 *
 * @param bytes - The whole file.
 * @returns The tensors and metadata.
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
  const fail = (received: unknown, expected: string) =>
    invalidArgument({
      functionName: 'parseSafetensors',
      argument: 'bytes',
      received,
      expected,
      code: 'PARSE_ERROR',
    });
  if (bytes.length < 8) throw fail(bytes, 'at least 8 bytes (a safetensors header length)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8)
    throw fail(headerLength, `a header length within the file (${bytes.length - 8} bytes)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (cause) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: 'parseSafetensors: the header is not valid JSON',
      cause,
    });
  }
  const dataStart = 8 + headerLength;
  const tensors: Record<string, NdArray> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = (entry ?? {}) as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const integers = (value: unknown) =>
      Array.isArray(value) && value.every((item) => Number.isInteger(item) && item >= 0);
    if (!integers(shape) || !integers(offsets) || offsets.length !== 2) {
      throw fail(entry, `an entry for tensor "${name}" with dtype, shape and data_offsets`);
    }
    const code = toCode[dtype];
    if (code === undefined) {
      throw invalidArgument({
        functionName: 'parseSafetensors',
        argument: `tensor "${name}" dtype`,
        received: dtype,
        expected: 'one of F16, F32, F64, I8-I64, U8-U64, BOOL',
        code: 'UNSUPPORTED',
      });
    }
    const count = shapeSize(shape);
    const [begin, end] = offsets;
    if (end - begin !== count * elementLayout(code)!.bytes || end > bytes.length - dataStart) {
      throw fail(
        offsets,
        `data offsets of tensor "${name}" that match its shape and lie within the file`,
      );
    }
    const data = decodeElements(bytes, dataStart + begin, count, code, true, 'parseSafetensors');
    tensors[name] = { dtype: elementLayout(code)!.dtype, shape, data };
  }
  return { tensors, metadata };
}

/**
 * Writes tensors as a safetensors file that the Python `safetensors` library reads. Tensors are
 * laid out in name order, each aligned to 8 bytes.
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
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = metadata;
  const bodies: Uint8Array[] = [];
  let offset = 0;
  for (const name of Object.keys(tensors).sort()) {
    const array = tensors[name]!;
    if (array.data.length !== shapeSize(array.shape)) {
      throw invalidArgument({
        functionName: 'serializeSafetensors',
        argument: `tensors["${name}"].data`,
        received: array.data,
        expected: `${shapeSize(array.shape)} elements for shape [${array.shape.join(', ')}]`,
        code: 'SHAPE_MISMATCH',
      });
    }
    const body = encodeElements(array.data, array.dtype);
    header[name] = {
      dtype: fromDtype[array.dtype],
      shape: array.shape,
      data_offsets: [offset, offset + body.length],
    };
    bodies.push(body);
    offset += body.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  headerBytes.set(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const body of bodies) {
    out.set(body, at);
    at += body.length;
  }
  return out;
}
