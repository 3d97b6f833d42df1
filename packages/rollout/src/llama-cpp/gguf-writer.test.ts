import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { toFloat16Bits } from './float16.js';
import { interleavedRotaryRows, reorderRows } from './gguf-names.js';
import { writeGguf } from './gguf-writer.js';

const directory = mkdtempSync(join(tmpdir(), 'r1kit-gguf-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A GGUF reader written from the format's description, for the round trip. */
function readGguf(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const advance = (bytesRead: number) => {
    at += bytesRead;
    return at - bytesRead;
  };
  const u32 = () => view.getUint32(advance(4), true);
  const u64 = () => Number(view.getBigUint64(advance(8), true));
  const string = () => {
    const length = u64();
    const start = advance(length);
    return new TextDecoder().decode(bytes.subarray(start, start + length));
  };
  const scalar = (type: number): unknown => {
    if (type === 4) return u32();
    if (type === 5) return view.getInt32(advance(4), true);
    if (type === 6) return view.getFloat32(advance(4), true);
    if (type === 7) return bytes[advance(1)] === 1;
    if (type === 8) return string();
    throw new Error(`type ${type}`);
  };
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  at = 4;
  const version = u32();
  const [tensorCount, metadataCount] = [u64(), u64()];
  const metadata = new Map<string, unknown>();
  for (let index = 0; index < metadataCount; index++) {
    const key = string();
    const type = u32();
    if (type === 9) {
      const itemType = u32();
      metadata.set(
        key,
        Array.from({ length: u64() }, () => scalar(itemType)),
      );
    } else {
      metadata.set(key, scalar(type));
    }
  }
  const infos = Array.from({ length: tensorCount }, () => {
    const name = string();
    const dims = Array.from({ length: u32() }, () => u64());
    return { name, dims, type: u32(), offset: u64() };
  });
  const dataStart = Math.ceil(at / 32) * 32;
  return { magic, version, metadata, infos, dataStart };
}

describe('writeGguf', () => {
  it('writes a GGUF v3 file that reads back: metadata, innermost-first dims, aligned f32 and f16 data', async () => {
    const path = join(directory, 'round-trip.gguf');
    const a = Float32Array.from({ length: 6 }, (_, i) => i - 2.5);
    const b = Float32Array.from({ length: 5 }, (_, i) => 1 / (i + 1));
    await writeGguf({
      path,
      metadata: new Map([
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['llama.block_count', { type: 'uint32', value: 30 }],
        ['llama.rope.freq_base', { type: 'float32', value: 10000.5 }],
        ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
        ['tokenizer.ggml.tokens', { type: 'string[]', value: ['a', 'é', '<r1kit_2>'] }],
        ['tokenizer.ggml.token_type', { type: 'int32[]', value: [1, -3, 1] }],
      ]),
      tensors: [
        { name: 'a', shape: [2, 3], read: async () => a },
        { name: 'b', shape: [5], read: async () => b, type: 'f16' },
        { name: 'c', shape: [1], read: async () => new Float32Array([7]) },
      ],
    });
    const bytes = new Uint8Array(readFileSync(path));
    const file = readGguf(bytes);
    expect([file.magic, file.version]).toEqual(['GGUF', 3]);
    expect(Object.fromEntries(file.metadata)).toEqual({
      'general.architecture': 'llama',
      'llama.block_count': 30,
      'llama.rope.freq_base': 10000.5,
      'tokenizer.ggml.add_bos_token': false,
      'tokenizer.ggml.tokens': ['a', 'é', '<r1kit_2>'],
      'tokenizer.ggml.token_type': [1, -3, 1],
    });
    expect(file.infos.map(({ name, dims, type }) => ({ name, dims, type }))).toEqual([
      { name: 'a', dims: [3, 2], type: 0 },
      { name: 'b', dims: [5], type: 1 },
      { name: 'c', dims: [1], type: 0 },
    ]);
    for (const info of file.infos) expect(info.offset % 32).toBe(0);
    const at = (offset: number, length: number, bytesEach: number) =>
      bytes.slice(file.dataStart + offset, file.dataStart + offset + length * bytesEach).buffer;
    expect([...new Float32Array(at(file.infos[0]!.offset, 6, 4))]).toEqual([...a]);
    expect([...new Uint16Array(at(file.infos[1]!.offset, 5, 2))]).toEqual([...toFloat16Bits(b)]);
    expect([...new Float32Array(at(file.infos[2]!.offset, 1, 4))]).toEqual([7]);
    expect(bytes.byteLength).toBe(file.dataStart + file.infos[2]!.offset + 32);
  });

  it('refuses values that do not fill the shape, naming the tensor', async () => {
    const error = await writeGguf({
      path: join(directory, 'bad.gguf'),
      metadata: new Map(),
      tensors: [
        { name: 'blk.0.attn_q.weight', shape: [2, 2], read: async () => new Float32Array(3) },
      ],
    }).catch((caught: unknown) => caught);
    expect(R1kitError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
    expect(String(error)).toMatch(/blk\.0\.attn_q\.weight.*3 values.*needs 4/);
  });
});

describe('toFloat16Bits', () => {
  it('rounds to the nearest half (ties to even), with overflow, subnormals, signs and NaN', () => {
    const cases: Array<[number, number]> = [
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // largest half
      [65519, 0x7bff], // below the halfway point to 65536
      [65520, 0x7c00], // halfway: rounds to even, which overflows to infinity
      [1 / 3, 0x3555],
      [1 + 2 ** -11, 0x3c00], // tie between 0x3c00 and 0x3c01: even
      [1 + 3 * 2 ** -11, 0x3c02], // tie between 0x3c01 and 0x3c02: even
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // tie with zero: even
      [1.5 * 2 ** -25, 0x0001],
      [-0, 0x8000],
      [Number.NEGATIVE_INFINITY, 0xfc00],
      [Number.NaN, 0x7e00],
    ];
    const bits = toFloat16Bits(Float32Array.from(cases.map(([value]) => value)));
    expect([...bits].map((bit) => bit.toString(16))).toEqual(
      cases.map(([, bit]) => bit.toString(16)),
    );
  });
});

describe('interleavedRotaryRows', () => {
  it("moves each head's halves layout to adjacent pairs, as llama.cpp's converter does", () => {
    // Head width 4: rows (h0: 0 1 | 2 3) become 0 2 1 3; the second head the same, offset by 4.
    expect([...interleavedRotaryRows(8, 4)]).toEqual([0, 2, 1, 3, 4, 6, 5, 7]);
    const reordered = reorderRows(
      Float32Array.from([10, 11, 20, 21, 30, 31, 40, 41]),
      interleavedRotaryRows(4, 4),
      2,
    );
    expect([...reordered]).toEqual([10, 11, 30, 31, 20, 21, 40, 41]);
  });
});
