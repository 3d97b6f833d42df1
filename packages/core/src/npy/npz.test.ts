import { constants, deflateRawSync } from 'node:zlib';
import { deflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { failure, handMadeNpy, handMadeZip } from '../../test/npy-files.js';
import { parseNpz } from './parse-npz.js';
import { serializeNpy } from './serialize-npy.js';
import { serializeNpz } from './serialize-npz.js';

const audio = { dtype: 'float32' as const, shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) };
const ids = { dtype: 'int32' as const, shape: [3], data: new Int32Array([7, -8, 9]) };
const names = { dtype: 'unicode' as const, shape: [2], data: ['sample_1', 'é😀'] };

/** A raw deflate stream of `mebibytes` MiB of zeros, about 1 KB per MiB. */
function zeroStream(mebibytes: number): Uint8Array {
  const block = deflateRawSync(new Uint8Array(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  const out = new Uint8Array(block.length * mebibytes + 2);
  for (let index = 0; index < mebibytes; index++) out.set(block, index * block.length);
  out.set([0x03, 0x00], block.length * mebibytes); // a final, empty fixed-Huffman block
  return out;
}

describe('parseNpz', () => {
  for (const compress of [false, true]) {
    it(`round-trips numeric and unicode arrays (compress: ${compress})`, () => {
      const arrays = parseNpz(serializeNpz({ audio, ids, names }, { compress }));
      expect(arrays).toEqual(
        new Map<string, unknown>([
          ['audio', audio],
          ['ids', ids],
          ['names', names],
        ]),
      );
    });
  }

  it('refuses a pickled member, a non-zip file and a damaged member, naming the archive', () => {
    const archive = zipSync({
      'x.npy': serializeNpy(audio),
      'y.npy': new Uint8Array([0x80, 2, 0x5d, 0x71]),
    });
    expect(failure(() => parseNpz(archive))).toMatch(/^UNSUPPORTED: .*pickle/);
    expect(failure(() => parseNpz(new Uint8Array([1, 2, 3, 4, 5]), { source: 'j.npz' }))).toMatch(
      /^PARSE_ERROR: parseNpz: j\.npz: not a zip archive/,
    );
    const broken = handMadeZip([
      { name: 'x.npy', data: new Uint8Array([0xff, 0xff, 0xff]), method: 8, size: 10 },
    ]);
    expect(failure(() => parseNpz(broken, { source: 'b.npz' }))).toMatch(
      /^PARSE_ERROR: parseNpz: b\.npz: member x\.npy/,
    );
  });

  it('names the archive and the member for an invalid code point in a string array', () => {
    const words = new Uint32Array([0x61, 0xd800]);
    const member = handMadeNpy(
      "{'descr': '<U1', 'fortran_order': False, 'shape': (2,), }",
      new Uint8Array(words.buffer),
    );
    const archive = zipSync({ 'fileitems.npy': member });
    expect(failure(() => parseNpz(archive, { source: 'run-openset.npz' }))).toMatch(
      /^PARSE_ERROR: parseNpy: run-openset\.npz\/fileitems\.npy: string element 1 .*0xd800/,
    );
  });

  it('keeps a member named __proto__.npy as an ordinary entry (no prototype pollution)', () => {
    const archive = zipSync({ '__proto__.npy': serializeNpy(ids), 'a.npy': serializeNpy(audio) });
    const arrays = parseNpz(archive);
    expect([...arrays.keys()].sort()).toEqual(['__proto__', 'a']);
    expect(arrays.get('__proto__')).toEqual(ids);
    expect(Object.getPrototypeOf(arrays)).toBe(Map.prototype);
    expect(({} as Record<string, unknown>).shape).toBeUndefined();
  });

  it('refuses a 409 KB zip bomb that declares its 419 MB size, before inflating', () => {
    const stream = zeroStream(400);
    expect(stream.length).toBeLessThan(420_000);
    const bomb = handMadeZip([{ name: 'x.npy', data: stream, method: 8, size: 400 << 20 }]);
    expect(failure(() => parseNpz(bomb, { source: 'bomb.npz' }))).toMatch(
      /^OUT_OF_MEMORY: parseNpz: bomb\.npz: member x\.npy .*419430400 bytes, more than maxInflatedBytes \(268435456\)/,
    );
  });

  it('stops inflating a bomb whose header lies about its size once the limit is passed', () => {
    const bomb = handMadeZip([{ name: 'x.npy', data: zeroStream(400), method: 8, size: 1000 }]);
    expect(failure(() => parseNpz(bomb, { maxInflatedBytes: 4 << 20 }))).toMatch(
      /^OUT_OF_MEMORY: .*more than maxInflatedBytes \(4194304\)/,
    );
    // The same limit admits an honest archive below it.
    const small = deflateSync(serializeNpy(audio));
    const honest = handMadeZip([
      { name: 'a.npy', data: small, method: 8, size: serializeNpy(audio).length },
    ]);
    expect(parseNpz(honest, { maxInflatedBytes: 4 << 20 }).get('a')).toEqual(audio);
    expect(failure(() => parseNpz(honest, { maxInflatedBytes: 100 }))).toMatch(/^OUT_OF_MEMORY/);
  });
});
