import { R1kitError } from '../errors/r1kit-error.js';
import { decodeElements } from './element-codec.js';
import {
  dtypeBytes,
  isSafetensorsDtype,
  type SafetensorsData,
  type SafetensorsDtype,
} from './safetensors-dtype.js';

/**
 * One tensor of a safetensors file.
 *
 * @category Safetensors
 */
export interface SafetensorsTensor {
  /** The dtype stored in the file. */
  dtype: SafetensorsDtype;
  /** The dimensions, outermost first; `[]` for a scalar. */
  shape: number[];
  /** The values in row-major order (see {@link SafetensorsData} for widened dtypes). */
  data: SafetensorsData;
}

/**
 * A parsed safetensors file.
 *
 * @category Safetensors
 */
export interface SafetensorsContent {
  /** Tensors by name, in header order. */
  tensors: Record<string, SafetensorsTensor>;
  /** The `__metadata__` string map; empty when the file has none. */
  metadata: Record<string, string>;
}

/**
 * Options of {@link parseSafetensors}.
 *
 * @category Safetensors
 */
export interface ParseSafetensorsOptions {
  /**
   * A name for the file in error messages, usually its path.
   *
   * @defaultValue `'safetensors'`
   */
  source?: string;
}

/** Throws a PARSE_ERROR that names the file. */
function parseError(source: string, detail: string, cause?: unknown): never {
  throw new R1kitError({
    code: 'PARSE_ERROR',
    message: `parseSafetensors: ${source}: ${detail}`,
    cause,
  });
}

/** Reads the JSON header; checks its length against the file. */
function readHeader(bytes: Uint8Array, source: string) {
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

/** Checks `__metadata__` is a map of strings. */
function readMetadata(value: unknown, source: string): Record<string, string> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((item) => typeof item === 'string')
  ) {
    parseError(source, `__metadata__ is ${JSON.stringify(value)}; expected a map of strings`);
  }
  return { ...(value as Record<string, string>) };
}

/**
 * Parses a safetensors file (8-byte little-endian header length, JSON header, data buffer).
 * The header is validated: UTF-8 JSON, known dtypes, non-negative integer shapes, offsets inside
 * the data buffer and consistent with dtype and shape. Reads F64, F32, F16 and BF16 (both widened
 * to float32), I64/U64 (narrowed to 32 bits when the values fit), I32, I16, I8, U32, U16, U8 and
 * BOOL.
 *
 * @param bytes - The whole file.
 * @param options - See {@link ParseSafetensorsOptions}.
 * @returns The tensors and the `__metadata__` map.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for another dtype or a
 *   64-bit integer that does not fit in 32 bits.
 *
 * @example
 * ```ts
 * import { parseSafetensors, serializeSafetensors } from '@r1kit/core';
 * const bytes = serializeSafetensors({ w: { shape: [2], data: new Float32Array([1, 2]) } });
 * const { tensors } = parseSafetensors(bytes, { source: 'w.safetensors' });
 * tensors.w?.data; // Float32Array [1, 2]
 * ```
 *
 * @category Safetensors
 */
export function parseSafetensors(
  bytes: Uint8Array,
  options: ParseSafetensorsOptions = {},
): SafetensorsContent {
  const source = options.source ?? 'safetensors';
  const { header, dataStart } = readHeader(bytes, source);
  const dataLength = bytes.length - dataStart;
  const tensors: Record<string, SafetensorsTensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = readMetadata(entry, source);
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as Record<string, unknown>;
    if (typeof dtype !== 'string') parseError(source, `tensor '${name}' has no dtype`);
    if (!isSafetensorsDtype(dtype)) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `parseSafetensors: ${source}: tensor '${name}' has dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(dtypeBytes).join(', ')}`,
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
    if (end - begin !== elements * dtypeBytes[dtype]) {
      parseError(
        source,
        `tensor '${name}' spans ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${elements * dtypeBytes[dtype]}`,
      );
    }
    const data = decodeElements(
      bytes.subarray(dataStart + begin, dataStart + end),
      dtype,
      elements,
      `parseSafetensors: ${source}: tensor '${name}'`,
    );
    tensors[name] = { dtype, shape: [...(shape as number[])], data };
  }
  return { tensors, metadata };
}
