import { R1kitError } from '@r1kit/core';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-precision.js';

/**
 * One tensor read from a safetensors file, converted to float32.
 *
 * @category Safetensors
 */
export interface SafetensorsTensor {
  /** The dtype stored in the file (`F32`, `F16`, `BF16`, `F64`). */
  dtype: string;
  /** The shape. */
  shape: number[];
  /** The values as float32, row-major. */
  data: Float32Array;
}

/** Bytes per element of the dtypes this reader converts to float32. */
const bytesPerElement: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

/** Throws a PARSE_ERROR that names the file. */
function parseError(source: string, detail: string, cause?: unknown): never {
  throw new R1kitError({
    code: 'PARSE_ERROR',
    message: `parseSafetensors: ${source}: ${detail}`,
    cause,
  });
}

/** Copies `length` bytes at `offset` into a fresh, aligned buffer. */
function copyBytes(bytes: Uint8Array, offset: number, length: number): ArrayBuffer {
  return bytes.buffer.slice(
    bytes.byteOffset + offset,
    bytes.byteOffset + offset + length,
  ) as ArrayBuffer;
}

/** Converts the raw bytes of one tensor to float32. */
function toFloat32(dtype: string, buffer: ArrayBuffer): Float32Array {
  if (dtype === 'F32') return new Float32Array(buffer);
  if (dtype === 'F16') return float16ToFloat32(new Uint16Array(buffer));
  if (dtype === 'BF16') return bfloat16ToFloat32(new Uint16Array(buffer));
  return Float32Array.from(new Float64Array(buffer));
}

/** Reads the JSON header; checks its length against the file. */
function readHeader(
  bytes: Uint8Array,
  source: string,
): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8)
    parseError(source, `file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(bytes.length - 8)) {
    parseError(source, `header length ${length} exceeds the ${bytes.length - 8} bytes after it`);
  }
  const headerLength = Number(length);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch (error) {
    parseError(source, 'header is not valid UTF-8 JSON', error);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    parseError(source, 'header must be a JSON object of tensor entries');
  }
  return { header: header as Record<string, unknown>, dataStart: 8 + headerLength };
}

/**
 * Parses a safetensors file (8-byte little-endian header length, JSON header, data buffer) and
 * converts every tensor to float32. The header is validated: JSON, known dtypes, integer shapes,
 * offsets inside the data buffer and consistent with the shape.
 *
 * @param bytes - The whole file.
 * @param source - A name for error messages (usually the file path).
 * @returns Tensors by name (the `__metadata__` entry is skipped).
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for a dtype that is not
 *   F32, F16, BF16 or F64.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseSafetensors } from '@r1kit/lm';
 * const tensors = parseSafetensors(await readFile('model.safetensors'), 'model.safetensors');
 * ```
 *
 * @category Safetensors
 */
export function parseSafetensors(
  bytes: Uint8Array,
  source = 'safetensors',
): Map<string, SafetensorsTensor> {
  const { header, dataStart } = readHeader(bytes, source);
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as Record<string, unknown>;
    if (typeof dtype !== 'string') parseError(source, `tensor '${name}' has no dtype`);
    const size = bytesPerElement[dtype];
    if (size === undefined) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `parseSafetensors: ${source}: tensor '${name}' has dtype ${JSON.stringify(dtype)}; expected F32, F16, BF16 or F64`,
      });
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      parseError(
        source,
        `tensor '${name}' has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`,
      );
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isInteger(o) && o >= 0) ||
      offsets[0] > offsets[1] ||
      offsets[1] > dataLength
    ) {
      parseError(
        source,
        `tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] within the ${dataLength}-byte data buffer`,
      );
    }
    const elements = (shape as number[]).reduce((product, d) => product * d, 1);
    const [begin, end] = offsets as [number, number];
    if (end - begin !== elements * size) {
      parseError(
        source,
        `tensor '${name}' spans ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${elements * size}`,
      );
    }
    const data = toFloat32(dtype, copyBytes(bytes, dataStart + begin, end - begin));
    tensors.set(name, { dtype, shape: shape as number[], data });
  }
  return tensors;
}
