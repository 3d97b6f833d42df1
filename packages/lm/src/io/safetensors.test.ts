import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-precision.js';
import { parseSafetensors } from './safetensors-read.js';
import { serializeSafetensors } from './safetensors-write.js';

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

describe('safetensors', () => {
  it('round-trips float32 tensors and pads the header to 8 bytes', () => {
    const tensors = new Map([
      ['a.weight', { shape: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-8, -7]) }],
      ['b', { shape: [1], data: new Float32Array([42]) }],
    ]);
    const bytes = serializeSafetensors(tensors);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header['a.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header.b.data_offsets).toEqual([24, 28]);
    const parsed = parseSafetensors(bytes);
    expect(Array.from(parsed.get('a.weight')!.data)).toEqual(
      Array.from(tensors.get('a.weight')!.data),
    );
    expect(parsed.get('b')!.shape).toEqual([1]);
  });

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
    expect(Array.from(parsed.get('h')!.data)).toEqual([1, 0.5]);
    expect(Array.from(parsed.get('b')!.data)).toEqual([3.140625]);
  });

  it('rejects malformed files with PARSE_ERROR or UNSUPPORTED', () => {
    const data = new Uint8Array(8);
    expect(failure(() => parseSafetensors(new Uint8Array(4), 'x.safetensors'))).toMatch(
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
    expect(
      failure(() =>
        parseSafetensors(rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 16] } }, data)),
      ),
    ).toMatch(/^PARSE_ERROR: .*data_offsets \[0,16\].*8-byte/);
    expect(
      failure(() =>
        parseSafetensors(rawFile({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data)),
      ),
    ).toMatch(/^PARSE_ERROR: .*spans 8 bytes but F32 \[3\] needs 12/);
    expect(
      failure(() =>
        parseSafetensors(rawFile({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, data)),
      ),
    ).toMatch(/^UNSUPPORTED: .*"I64"/);
    expect(
      failure(() =>
        parseSafetensors(rawFile({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 8] } }, data)),
      ),
    ).toMatch(/^PARSE_ERROR: .*shape \[-1\]/);
  });

  it('refuses to serialise data that does not match its shape', () => {
    const tensors = new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]]);
    expect(failure(() => serializeSafetensors(tensors))).toMatch(
      /^SHAPE_MISMATCH: .*'w'.*4 values/,
    );
  });
});
