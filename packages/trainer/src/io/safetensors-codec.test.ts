import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors-codec.js';

describe('safetensors codec', () => {
  it('writes the documented layout: u64 header length, JSON header, little-endian data', () => {
    const bytes = encodeSafetensors({
      tensors: {
        b: { shape: [2], data: new Int32Array([7, -1]) },
        a: { shape: [1, 2], data: new Float32Array([1.5, -2]) },
      },
      metadata: { step: '4' },
    });
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] });
    expect(header.b).toEqual({ dtype: 'I32', shape: [2], data_offsets: [8, 16] });
    expect(header.__metadata__).toEqual({ step: '4' });
    expect(view.getFloat32(8 + headerLength, true)).toBe(1.5);
    expect(view.getInt32(8 + headerLength + 12, true)).toBe(-1);
    expect(bytes.length).toBe(8 + headerLength + 16);
  });

  it('round-trips values bit for bit', () => {
    const data = new Float32Array([Math.PI, -0, 1e-30, 3.4e38]);
    const decoded = decodeSafetensors(
      encodeSafetensors({ tensors: { x: { shape: [2, 2], data } }, metadata: {} }),
    );
    expect(decoded.tensors.x!.shape).toEqual([2, 2]);
    expect(Array.from(decoded.tensors.x!.data)).toEqual(Array.from(data));
  });

  it('rejects truncated files and wrong shapes', () => {
    expect(() => decodeSafetensors(new Uint8Array(4))).toThrowError(/8-byte header/);
    const bytes = encodeSafetensors({
      tensors: { x: { shape: [2], data: new Float32Array([1, 2]) } },
      metadata: {},
    });
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4))).toThrowError(
      /outside the file/,
    );
    expect(() =>
      encodeSafetensors({
        tensors: { x: { shape: [3], data: new Float32Array(2) } },
        metadata: {},
      }),
    ).toThrowError(/shape \[3\] needs 3/);
  });
});
