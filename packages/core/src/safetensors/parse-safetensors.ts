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
export interface SafetensorsTensor<Data extends SafetensorsData = SafetensorsData> {
  /** The dtype stored in the file. */
  dtype: SafetensorsDtype;
  /** The dimensions, outermost first; `[]` for a scalar. */
  shape: number[];
  /** The values in row-major order (see {@link SafetensorsData} for widened dtypes). */
  data: Data;
}

/**
 * A parsed safetensors file.
 *
 * @category Safetensors
 */
export interface SafetensorsContent<Data extends SafetensorsData = SafetensorsData> {
  /**
   * Tensors by name, in header order (a prototype-less object, so a tensor named `__proto__` is
   * an ordinary entry).
   */
  tensors: Record<string, SafetensorsTensor<Data>>;
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
  /**
   * Converts every tensor to a `Float32Array` (F16/BF16 are widened, F64 narrowed) and refuses
   * a tensor of any other dtype with `UNSUPPORTED`, as model weights require.
   *
   * @defaultValue `false`
   */
  float32?: boolean;
  /**
   * Refuses a NaN or an infinity in any floating-point tensor with `NUMERIC_ERROR` naming the
   * tensor and the element, so corrupt weights fail at load instead of as NaN logits later.
   *
   * @defaultValue `false`
   */
  requireFinite?: boolean;
}

/** The floating-point dtypes. */
const floatDtypes: ReadonlySet<SafetensorsDtype> = new Set(['F64', 'F32', 'F16', 'BF16']);

/** Converts a float tensor to float32; refuses other dtypes. */
function toFloat32(data: SafetensorsData, dtype: SafetensorsDtype, where: string): Float32Array {
  if (!floatDtypes.has(dtype)) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${where} has dtype "${dtype}"; expected F32, F16, BF16 or F64 (model weights)`,
    });
  }
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** Throws NUMERIC_ERROR at the first NaN or infinity. */
function requireFinite(data: SafetensorsData, where: string): void {
  for (let index = 0; index < data.length; index++) {
    if (!Number.isFinite(data[index]!)) {
      throw new R1kitError({
        code: 'NUMERIC_ERROR',
        message: `${where} holds ${data[index]} at element ${index}; expected only finite numbers (the file is corrupt or the weights diverged)`,
      });
    }
  }
}

/** Throws PARSE_ERROR when two tensors share bytes of the data buffer. */
function refuseOverlaps(spans: [number, number, string][], source: string): void {
  const sorted = spans.filter(([begin, end]) => end > begin).sort((a, b) => a[0] - b[0]);
  for (let index = 1; index < sorted.length; index++) {
    const [begin, , name] = sorted[index]!;
    const [, previousEnd, previous] = sorted[index - 1]!;
    if (begin < previousEnd) {
      parseError(
        source,
        `tensor '${name}' (data_offsets from ${begin}) overlaps tensor '${previous}' (ending at ${previousEnd}); each tensor must own its bytes`,
      );
    }
  }
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
 * Parses a safetensors file of model weights: like the general form below, but every tensor is
 * returned as a `Float32Array` and a non-float tensor is refused with `UNSUPPORTED`.
 *
 * @param bytes - The whole file.
 * @param options - See {@link ParseSafetensorsOptions}; `float32` is `true`.
 * @returns The float32 tensors and the `__metadata__` map.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for a non-float tensor,
 *   `NUMERIC_ERROR` for a NaN or an infinity when `requireFinite` is set.
 *
 * @example
 * ```ts
 * import { parseSafetensors, serializeSafetensors } from '@r1kit/core';
 * const bytes = serializeSafetensors({ w: { dtype: 'F16', shape: [1], data: new Float32Array([0.5]) } });
 * parseSafetensors(bytes, { float32: true, requireFinite: true }).tensors.w?.data; // Float32Array [0.5]
 * ```
 *
 * @category Safetensors
 */
export function parseSafetensors(
  bytes: Uint8Array,
  options: ParseSafetensorsOptions & { float32: true },
): SafetensorsContent<Float32Array>;
/**
 * Parses a safetensors file (8-byte little-endian header length, JSON header, data buffer).
 * The header is validated: UTF-8 JSON, known dtypes, non-negative integer shapes, offsets inside
 * the data buffer, consistent with dtype and shape and not overlapping another tensor's. Reads
 * F64, F32, F16 and BF16 (both widened to float32), I64/U64 (narrowed to 32 bits when the values
 * fit), I32, I16, I8, U32, U16, U8 and BOOL.
 *
 * @param bytes - The whole file.
 * @param options - See {@link ParseSafetensorsOptions}.
 * @returns The tensors and the `__metadata__` map.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for another dtype or a
 *   64-bit integer that does not fit in 32 bits, `NUMERIC_ERROR` for a NaN or an infinity when
 *   `requireFinite` is set.
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
  options?: ParseSafetensorsOptions,
): SafetensorsContent;
export function parseSafetensors(
  bytes: Uint8Array,
  options: ParseSafetensorsOptions = {},
): SafetensorsContent {
  const source = options.source ?? 'safetensors';
  const { header, dataStart } = readHeader(bytes, source);
  const dataLength = bytes.length - dataStart;
  const tensors: Record<string, SafetensorsTensor> = Object.create(null);
  const spans: [number, number, string][] = [];
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
    spans.push([begin, end, name]);
    const where = `parseSafetensors: ${source}: tensor '${name}'`;
    const decoded = decodeElements(
      bytes.subarray(dataStart + begin, dataStart + end),
      dtype,
      elements,
      where,
    );
    const data = options.float32 ? toFloat32(decoded, dtype, where) : decoded;
    if (options.requireFinite && floatDtypes.has(dtype)) requireFinite(data, where);
    tensors[name] = { dtype, shape: [...(shape as number[])], data };
  }
  refuseOverlaps(spans, source);
  return { tensors, metadata };
}
