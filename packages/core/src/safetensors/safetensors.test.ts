import { describe, expect, it } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-precision.js';
import { parseSafetensors } from './parse-safetensors.js';
import { serializeSafetensors } from './serialize-safetensors.js';

/** Builds a safetensors file from a raw header object and data bytes. */
function rawFile(
  header: unknown,
  data: Uint8Array,
  headerText = JSON.stringify(header),
): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** The error code (and message) thrown by `fn`. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : `other: ${error}`;
  }
  return 'no error';
}

/** The header of a serialised file. */
function headerOf(bytes: Uint8Array): { length: number; header: Record<string, unknown> } {
  const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { length, header };
}

describe('serializeSafetensors', () => {
  it('writes the documented layout: u64 length, padded JSON header, little-endian data by name', () => {
    const bytes = serializeSafetensors(
      {
        b: { shape: [2], data: new Int32Array([7, -1]) },
        a: { shape: [1, 2], data: new Float32Array([1.5, -2]) },
      },
      { metadata: { step: '4' } },
    );
    const { length, header } = headerOf(bytes);
    expect(length % 8).toBe(0);
    expect(header.a).toEqual({ dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] });
    expect(header.b).toEqual({ dtype: 'I32', shape: [2], data_offsets: [8, 16] });
    expect(header.__metadata__).toEqual({ step: '4' });
    const view = new DataView(bytes.buffer);
    expect(view.getFloat32(8 + length, true)).toBe(1.5);
    expect(view.getInt32(8 + length + 12, true)).toBe(-1);
    expect(bytes.length).toBe(8 + length + 16);
    expect(headerOf(serializeSafetensors({})).header).toEqual({});
  });

  it('round-trips every dtype and the metadata', () => {
    const tensors = {
      f64: { shape: [2], data: new Float64Array([Math.PI, -1e300]) },
      f32: { shape: [2, 2], data: new Float32Array([Math.PI, -0, 1e-30, 3.4e38]) },
      f16: { dtype: 'F16' as const, shape: [3], data: new Float32Array([0.5, -65504, 2 ** -24]) },
      bf16: { dtype: 'BF16' as const, shape: [2], data: new Float32Array([3.140625, -5]) },
      i64: { dtype: 'I64' as const, shape: [2], data: new Int32Array([-(2 ** 31), 5]) },
      u64: { dtype: 'U64' as const, shape: [1], data: new Uint32Array([2 ** 32 - 1]) },
      i16: { shape: [2], data: new Int16Array([-300, 300]) },
      i8: { shape: [1], data: new Int8Array([-128]) },
      u32: { shape: [1], data: new Uint32Array([4e9]) },
      u16: { shape: [1], data: new Uint16Array([65535]) },
      u8: { shape: [], data: new Uint8Array([200]) },
      flag: { dtype: 'BOOL' as const, shape: [2], data: new Uint8Array([1, 0]) },
    };
    const parsed = parseSafetensors(serializeSafetensors(tensors, { metadata: { format: 'pt' } }));
    expect(parsed.metadata).toEqual({ format: 'pt' });
    for (const [name, tensor] of Object.entries(tensors)) {
      const read = parsed.tensors[name]!;
      expect(read.shape).toEqual(tensor.shape);
      expect(Array.from(read.data)).toEqual(Array.from(tensor.data));
      expect(read.data.constructor).toBe(tensor.data.constructor);
    }
    expect(parsed.tensors.i8!.dtype).toBe('I8');
    expect(parsed.tensors.flag!.dtype).toBe('BOOL');
  });

  it('rounds F16 and BF16 to nearest even and saturates F16 overflow to infinity', () => {
    const read = (dtype: 'F16' | 'BF16', values: number[]) =>
      Array.from(
        parseSafetensors(
          serializeSafetensors({
            x: { dtype, shape: [values.length], data: new Float32Array(values) },
          }),
        ).tensors.x!.data,
      );
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even mantissa (1).
    expect(read('F16', [1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 1e-9])).toEqual([
      1,
      1 + 2 ** -9,
      Number.POSITIVE_INFINITY,
      0,
    ]);
    expect(read('BF16', [1 + 2 ** -8, 1 + 3 * 2 ** -8])).toEqual([1, 1 + 2 ** -6]);
  });

  it('refuses data that does not match its shape', () => {
    expect(
      failure(() =>
        serializeSafetensors(new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]])),
      ),
    ).toMatch(/^SHAPE_MISMATCH: .*'w'.*4 values/);
    expect(
      failure(() => serializeSafetensors({ w: { shape: [-1], data: new Float32Array(0) } })),
    ).toMatch(/^INVALID_ARGUMENT: .*shape/);
  });
});

describe('parseSafetensors', () => {
  it('decodes F16 and BF16 bit patterns to float32', () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x7bff = 65504 (max), 0x0001 = 2^-24 (subnormal), 0x7c00 = Inf.
    expect(
      Array.from(float16ToFloat32(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00]))),
    ).toEqual([1, -2, 65504, 2 ** -24, Number.POSITIVE_INFINITY]);
    expect(Number.isNaN(float16ToFloat32(new Uint16Array([0x7e00]))[0])).toBe(true);
    // bf16 0x3f80 = 1, 0xc0a0 = -5, 0x4049 = 3.140625.
    expect(Array.from(bfloat16ToFloat32(new Uint16Array([0x3f80, 0xc0a0, 0x4049])))).toEqual([
      1, -5, 3.140625,
    ]);
    const file = rawFile(
      {
        h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] },
      },
      new Uint8Array(new Uint16Array([0x3c00, 0x3800, 0x4049]).buffer),
    );
    const parsed = parseSafetensors(file);
    expect(Array.from(parsed.tensors.h!.data)).toEqual([1, 0.5]);
    expect(Array.from(parsed.tensors.b!.data)).toEqual([3.140625]);
    expect(parsed.metadata).toEqual({});
  });

  it('rejects malformed files with PARSE_ERROR or UNSUPPORTED', () => {
    const data = new Uint8Array(8);
    const parse =
      (header: unknown, body = data) =>
      () =>
        parseSafetensors(rawFile(header, body));
    expect(failure(() => parseSafetensors(new Uint8Array(4), { source: 'x.safetensors' }))).toMatch(
      /^PARSE_ERROR: .*x\.safetensors.*shorter/,
    );
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1000n, true);
    expect(failure(() => parseSafetensors(huge))).toMatch(
      /^PARSE_ERROR: .*header length 1000 exceeds/,
    );
    expect(failure(() => parseSafetensors(rawFile(null, data, '{"a": [1,')))).toMatch(
      /^PARSE_ERROR: .*not valid UTF-8 JSON/,
    );
    expect(failure(parse([1, 2]))).toMatch(/^PARSE_ERROR: .*JSON object/);
    expect(failure(parse({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 16] } }))).toMatch(
      /^PARSE_ERROR: .*data_offsets \[0,16\].*8-byte/,
    );
    expect(failure(parse({ a: { dtype: 'F32', shape: [2] } }))).toMatch(
      /^PARSE_ERROR: .*data_offsets undefined/,
    );
    expect(failure(parse({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }))).toMatch(
      /^PARSE_ERROR: .*spans 8 bytes but F32 \[3\] needs 12/,
    );
    expect(failure(parse({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }))).toMatch(
      /^UNSUPPORTED: .*"C64"/,
    );
    expect(failure(parse({ a: { shape: [1], data_offsets: [0, 8] } }))).toMatch(
      /^PARSE_ERROR: .*no dtype/,
    );
    expect(failure(parse({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 8] } }))).toMatch(
      /^PARSE_ERROR: .*shape \[-1\]/,
    );
    expect(failure(parse({ __metadata__: { step: 3 } }))).toMatch(
      /^PARSE_ERROR: .*__metadata__.*map of strings/,
    );
  });

  it('refuses a 64-bit integer that does not fit in 32 bits', () => {
    const body = new Uint8Array(8);
    new DataView(body.buffer).setBigInt64(0, 2n ** 40n, true);
    expect(
      failure(() =>
        parseSafetensors(rawFile({ n: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, body)),
      ),
    ).toMatch(/^UNSUPPORTED: .*'n'.*1099511627776/);
  });

  it('reads a tensor from an unaligned view of a larger buffer', () => {
    const bytes = serializeSafetensors({ w: { shape: [2], data: new Float32Array([1, -2]) } });
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const parsed = parseSafetensors(padded.subarray(3));
    expect(Array.from(parsed.tensors.w!.data)).toEqual([1, -2]);
  });

  it('refuses tensors whose data_offsets overlap', () => {
    // Before: both tensors silently read the same bytes.
    const body = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const overlapping = rawFile(
      {
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      },
      body,
    );
    expect(failure(() => parseSafetensors(overlapping, { source: 'm.safetensors' }))).toMatch(
      /^PARSE_ERROR: parseSafetensors: m\.safetensors: tensor 'b' .*overlaps tensor 'a'/,
    );
    const adjacent = rawFile(
      {
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        e: { dtype: 'F32', shape: [0], data_offsets: [4, 4] },
        b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      },
      body,
    );
    expect(Array.from(parseSafetensors(adjacent).tensors.b!.data)).toEqual([2, 3]);
  });

  it('converts to float32 and refuses NaN or infinite weights on request', () => {
    const bytes = serializeSafetensors({
      h: { dtype: 'F16', shape: [2], data: new Float32Array([0.5, -2]) },
      d: { shape: [1], data: new Float64Array([0.25]) },
    });
    const { tensors } = parseSafetensors(bytes, { float32: true, requireFinite: true });
    expect(tensors.h!.data).toEqual(new Float32Array([0.5, -2]));
    expect(tensors.d!.data).toEqual(new Float32Array([0.25]));
    const ints = serializeSafetensors({ n: { shape: [1], data: new Int32Array([1]) } });
    expect(failure(() => parseSafetensors(ints, { float32: true }))).toMatch(
      /^UNSUPPORTED: .*tensor 'n' has dtype "I32"/,
    );
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const file = serializeSafetensors({
        'model.norm.weight': { dtype: 'BF16', shape: [3], data: new Float32Array([1, bad, 2]) },
      });
      expect(parseSafetensors(file).tensors['model.norm.weight']!.data[1]).not.toBe(1);
      expect(failure(() => parseSafetensors(file, { source: 'w', requireFinite: true }))).toMatch(
        /^NUMERIC_ERROR: parseSafetensors: w: tensor 'model\.norm\.weight' holds (NaN|Infinity) at element 1/,
      );
    }
  });

  it('keeps a tensor named __proto__ as an ordinary entry', () => {
    const file = rawFile(
      { ['__proto__']: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } },
      new Uint8Array(new Float32Array([5]).buffer),
      '{"__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}',
    );
    const { tensors } = parseSafetensors(file);
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Object.entries(tensors).map(([, tensor]) => Array.from(tensor.data))).toEqual([[5]]);
  });
});
