import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NpyArray, parseNpy, parseNpz, serializeNpy, serializeNpz } from '@r1kit/core';
import { expectR1kitError } from '@r1kit/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWav } from '../src/index.js';
import { pythonWithNumpy, runPython } from './python.js';

const python = pythonWithNumpy();
const directory = mkdtempSync(join(tmpdir(), 'r1kit-npy-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const writer = `
import sys, numpy as np
d = sys.argv[1]
base = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8 - 1
np.save(d + '/f16.npy', base.astype(np.float16))
np.save(d + '/f32_fortran.npy', np.asfortranarray(base.astype(np.float32)))
np.save(d + '/f64.npy', base)
np.save(d + '/i8.npy', (base * 8).astype(np.int8))
np.save(d + '/i64_fortran.npy', np.asfortranarray((base * 8).astype(np.int64)))
np.save(d + '/u16.npy', np.arange(6, dtype=np.uint16).reshape(3, 2) * 1000)
np.save(d + '/be_f4.npy', base.astype('>f4'))
np.save(d + '/bool.npy', base > 0)
np.save(d + '/object.npy', np.array([{'a': 1}], dtype=object), allow_pickle=True)
np.savez(d + '/plain.npz', audio=base.astype(np.float32), ids=np.arange(5))
np.savez_compressed(d + '/packed.npz', audio=base.astype(np.float32))
`;

describe.skipIf(python === undefined)('parity with Python (numpy, wave)', () => {
  it('reads what numpy writes (all dtypes, C and Fortran order, npz plain and compressed)', () => {
    runPython(python!, writer, [directory]);
    const read = (name: string) => parseNpy(readFileSync(join(directory, name)));
    const numbers = (array: NpyArray | undefined) => Array.from(array!.data as ArrayLike<number>);
    const base = Array.from({ length: 24 }, (_, i) => i / 8 - 1);
    for (const name of ['f16.npy', 'f32_fortran.npy', 'f64.npy', 'be_f4.npy']) {
      const array = read(name);
      expect(array.shape, name).toEqual([2, 3, 4]);
      expect(numbers(array), name).toEqual(base); // all exactly representable in half
    }
    expect(read('f16.npy').dtype).toBe('float16');
    expect(numbers(read('i8.npy'))).toEqual(base.map((v) => v * 8));
    expect(numbers(read('i64_fortran.npy'))).toEqual(base.map((v) => v * 8));
    expect(numbers(read('u16.npy'))).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(numbers(read('bool.npy'))).toEqual(base.map((v) => (v > 0 ? 1 : 0)));
    expectR1kitError(() => read('object.npy'), 'UNSUPPORTED', /pickle/);
    for (const name of ['plain.npz', 'packed.npz']) {
      const arrays = parseNpz(readFileSync(join(directory, name)));
      expect(numbers(arrays.get('audio'))).toEqual(base);
    }
    expect(numbers(parseNpz(readFileSync(join(directory, 'plain.npz'))).get('ids'))).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });

  it('writes what numpy reads', () => {
    const data = new Float32Array([0.5, -1.25, 3, 1e-3, 7, 8]);
    writeFileSync(
      join(directory, 'ours.npy'),
      serializeNpy({ dtype: 'float32', shape: [3, 2], data }),
    );
    writeFileSync(
      join(directory, 'ours16.npy'),
      serializeNpy({ dtype: 'float32', shape: [6], data }, { dtype: 'float16' }),
    );
    writeFileSync(
      join(directory, 'ours.npz'),
      serializeNpz(
        { x: { dtype: 'int16', shape: [2], data: new Int16Array([-3, 4]) } },
        { compress: true },
      ),
    );
    const out = runPython(
      python!,
      `import sys, json, numpy as np
d = sys.argv[1]
a = np.load(d + '/ours.npy'); h = np.load(d + '/ours16.npy'); z = np.load(d + '/ours.npz')
print(json.dumps([str(a.dtype), list(a.shape), a.ravel().tolist(), str(h.dtype), h.astype(float).tolist(), str(z['x'].dtype), z['x'].tolist(), a.ravel().astype(np.float16).astype(float).tolist()]))`,
      [directory],
    );
    const [dtype, shape, values, halfDtype, halfValues, zDtype, zValues, numpyHalf] =
      JSON.parse(out);
    expect([dtype, shape, zDtype, zValues, halfDtype]).toEqual([
      'float32',
      [3, 2],
      'int16',
      [-3, 4],
      'float16',
    ]);
    expect(values).toEqual(Array.from(data));
    expect(halfValues).toEqual(numpyHalf); // our float16 rounding equals numpy's astype(float16)
  });

  it("reads 16- and 24-bit stereo WAV files written by Python's wave module", () => {
    const script = `
import sys, wave, struct
d = sys.argv[1]
left = [0, 1000, -1000, 32767, -32768]
right = [5, -5, 123, -123, 0]
for bits, scale in ((16, 1), (24, 256)):
    with wave.open(f'{d}/py{bits}.wav', 'wb') as w:
        w.setnchannels(2); w.setsampwidth(bits // 8); w.setframerate(11025)
        frames = b''.join(
            (l * scale).to_bytes(bits // 8, 'little', signed=True) + (r * scale).to_bytes(bits // 8, 'little', signed=True)
            for l, r in zip(left, right))
        w.writeframes(frames)
`;
    runPython(python!, script, [directory]);
    for (const bits of [16, 24]) {
      const audio = parseWav(readFileSync(join(directory, `py${bits}.wav`)));
      expect(audio.sampleRate).toBe(11025);
      expect(Array.from(audio.channels[0]!)).toEqual(
        [0, 1000, -1000, 32767, -32768].map((v) => Math.fround(v / 32768)),
      );
      expect(Array.from(audio.channels[1]!)).toEqual(
        [5, -5, 123, -123, 0].map((v) => Math.fround(v / 32768)),
      );
    }
  });
});
