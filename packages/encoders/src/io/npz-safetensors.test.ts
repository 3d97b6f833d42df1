import { serializeSafetensors as serializeSafetensorsFile } from '@r1kit/core';
import { expectR1kitError } from '@r1kit/test-utils';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { serializeNpy } from './npy.js';
import { parseNpz, serializeNpz } from './npz.js';
import { parseSafetensors, serializeSafetensors } from './safetensors.js';

const audio = { dtype: 'float32' as const, shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) };
const ids = { dtype: 'int32' as const, shape: [3], data: new Int32Array([7, -8, 9]) };

describe('parseNpz', () => {
  for (const compress of [false, true]) {
    it(`round-trips arrays (compress: ${compress})`, () => {
      expect(parseNpz(serializeNpz({ audio, ids }, { compress }))).toEqual({ audio, ids });
    });
  }

  it('refuses a pickled member and a non-zip file', () => {
    const archive = zipSync({
      'x.npy': serializeNpy(audio),
      'y.npy': new Uint8Array([0x80, 2, 0x5d, 0x71]),
    });
    expectR1kitError(() => parseNpz(archive), 'UNSUPPORTED', /pickle/);
    expectR1kitError(() => parseNpz(new Uint8Array([1, 2, 3, 4, 5])), 'PARSE_ERROR', /zip archive/);
  });
});

describe('safetensors', () => {
  it('round-trips tensors and metadata, with 8-byte aligned data', () => {
    const half = { dtype: 'float16' as const, shape: [2], data: new Float32Array([0.5, -1]) };
    const bytes = serializeSafetensors({ audio, ids, half }, { format: 'pt' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.audio).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(header.half).toEqual({ dtype: 'F16', shape: [2], data_offsets: [16, 20] });
    expect(header.ids).toEqual({ dtype: 'I32', shape: [3], data_offsets: [20, 32] });
    const parsed = parseSafetensors(bytes);
    expect(parsed.metadata).toEqual({ format: 'pt' });
    expect(parsed.tensors).toEqual({ audio, ids, half });
  });

  it('maps core dtypes to NdArray dtypes: BF16 as float32, I64 narrowed to int32', () => {
    const bytes = serializeSafetensorsFile({
      b: { dtype: 'BF16', shape: [2], data: new Float32Array([1, -5]) },
      n: { dtype: 'I64', shape: [1], data: new Int32Array([-3]) },
    });
    expect(parseSafetensors(bytes).tensors).toEqual({
      b: { dtype: 'float32', shape: [2], data: new Float32Array([1, -5]) },
      n: { dtype: 'int32', shape: [1], data: new Int32Array([-3]) },
    });
    expectR1kitError(
      () => parseSafetensors(new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0, 1])),
      'PARSE_ERROR',
      /header length/,
    );
  });
});
