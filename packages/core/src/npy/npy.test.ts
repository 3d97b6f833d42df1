import { describe, expect, it } from 'vitest';
import { failure, handMadeNpy as handMade } from '../../test/npy-files.js';
import { float32ToFloat16 } from '../safetensors/half-precision.js';
import { parseNpyHeader } from './npy-header.js';
import { parseNpy } from './parse-npy.js';
import { serializeNpy } from './serialize-npy.js';

const f4 = (shape: string) => `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;

describe('parseNpy', () => {
  it('reads float32 C-order data and round-trips through serializeNpy', () => {
    const data = new Float32Array([1.5, -2, 3.25, 4, 5, 6]);
    const array = parseNpy(serializeNpy({ dtype: 'float32', shape: [2, 3], data }));
    expect(array).toEqual({ dtype: 'float32', shape: [2, 3], data });
  });

  it('reorders Fortran-order data to C order, numbers and strings', () => {
    // Fortran order stores columns first: [[1, 2, 3], [4, 5, 6]] is 1 4 2 5 3 6.
    const body = new Uint8Array(new Int32Array([1, 4, 2, 5, 3, 6]).buffer);
    const array = parseNpy(
      handMade("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", body),
    );
    expect(array.dtype).toBe('int32');
    expect(Array.from(array.data as ArrayLike<number>)).toEqual([1, 2, 3, 4, 5, 6]);
    const words = new Uint32Array([97, 99, 98, 100]); // 'a' 'c' 'b' 'd' as <U1, Fortran (2, 2)
    const strings = parseNpy(
      handMade(
        "{'descr': '<U1', 'fortran_order': True, 'shape': (2, 2), }",
        new Uint8Array(words.buffer),
      ),
    );
    expect(strings).toEqual({ dtype: 'unicode', shape: [2, 2], data: ['a', 'b', 'c', 'd'] });
  });

  it('reads a rank-3 Fortran array', () => {
    // element [i, j, k] = 100 i + 10 j + k, shape (2, 3, 2), stored with i fastest.
    const fortran: number[] = [];
    for (let k = 0; k < 2; k++)
      for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fortran.push(100 * i + 10 * j + k);
    const body = new Uint8Array(new Float64Array(fortran).buffer);
    const array = parseNpy(
      handMade("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 2), }", body),
    );
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) expected.push(100 * i + 10 * j + k);
    expect(Array.from(array.data as ArrayLike<number>)).toEqual(expected);
  });

  it('widens float16, including subnormals and infinities', () => {
    const values = [0, 1, -2.5, 65504, 2 ** -24, Number.POSITIVE_INFINITY, 0.1];
    const half = float32ToFloat16(values);
    const array = parseNpy(handMade(f4('(7,)').replace('<f4', '<f2'), new Uint8Array(half.buffer)));
    expect(array.dtype).toBe('float16');
    expect(Array.from(array.data as ArrayLike<number>).slice(0, 6)).toEqual(values.slice(0, 6));
    expect(array.data[6]).toBeCloseTo(0.0999755859375, 10); // nearest half to 0.1
  });

  it('reads big-endian, int64, uint8, bool and version-2 headers', () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat32(0, 1.25, false);
    new DataView(be.buffer).setFloat32(4, -3, false);
    expect(
      Array.from(
        parseNpy(handMade(f4('(2,)').replace('<f4', '>f4'), be)).data as ArrayLike<number>,
      ),
    ).toEqual([1.25, -3]);
    const i64 = new Uint8Array(new BigInt64Array([-5n, 7n]).buffer);
    const ints = parseNpy(
      handMade("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", i64, 2),
    );
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.data as ArrayLike<number>)).toEqual([-5, 7]);
    const bytes = handMade(
      "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
      new Uint8Array([0, 128, 255]),
    );
    expect(Array.from(parseNpy(bytes).data as ArrayLike<number>)).toEqual([0, 128, 255]);
    const flags = parseNpy(
      handMade("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", new Uint8Array([1])),
    );
    expect(flags).toEqual({ dtype: 'bool', shape: [], data: new Uint8Array([1]) });
  });

  it('round-trips unicode strings (non-ASCII, empty) and reads bytes strings', () => {
    const names = ['sample_00000001', 'é😀', ''];
    const bytes = serializeNpy({ dtype: 'unicode', shape: [3], data: names });
    expect(parseNpyHeader(bytes).descr).toBe('<U15');
    expect(parseNpy(bytes)).toEqual({ dtype: 'unicode', shape: [3], data: names });
    const raw = new Uint8Array([0x61, 0x62, 0, 0xe9, 0x7a, 0x7a]);
    expect(
      parseNpy(handMade("{'descr': '|S3', 'fortran_order': False, 'shape': (2,), }", raw)),
    ).toEqual({ dtype: 'bytes', shape: [2], data: ['ab', 'ézz'] });
  });

  it('refuses pickles, object arrays and int64 values that do not fit 32 bits', () => {
    expect(failure(() => parseNpy(new Uint8Array([0x80, 4, 0x95, 0, 0])))).toMatch(
      /^UNSUPPORTED: .*Python pickle.*allow_pickle=False/,
    );
    const object = handMade(
      "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
      new Uint8Array(8),
    );
    expect(failure(() => parseNpy(object))).toMatch(
      /^UNSUPPORTED: .*dtype \|O, which numpy stores as a pickle/,
    );
    const big = new Uint8Array(new BigInt64Array([2n ** 40n]).buffer);
    const wide = handMade("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", big);
    expect(failure(() => parseNpy(wide))).toMatch(/^UNSUPPORTED: .*1099511627776/);
  });

  it('refuses malformed files with PARSE_ERROR naming the source', () => {
    expect(failure(() => parseNpy(new TextEncoder().encode('not a numpy file')))).toMatch(
      /^PARSE_ERROR: .*magic/,
    );
    expect(
      failure(() => parseNpy(handMade(f4('(4,)'), new Uint8Array(8)), { source: 'a/b.npy' })),
    ).toMatch(/^PARSE_ERROR: parseNpy: a\/b\.npy: the data is truncated/);
    expect(
      failure(() => parseNpy(handMade("{'descr': '<f4', 'shape': (4,), }", new Uint8Array(16)))),
    ).toMatch(/^PARSE_ERROR: .*'fortran_order'/);
  });

  it('refuses shapes that are not tuples of integers, such as (1.9, 3) and (2abc, 3)', () => {
    // Before: parseInt read (1.9, 3) as [1, 3] and (2abc, 3) as [2, 3], silently.
    for (const shape of ['(1.9, 3)', '(2abc, 3)', '(-1, 3)', '(3, , 2)', '(1e3,)']) {
      expect(failure(() => parseNpy(handMade(f4(shape), new Uint8Array(4096))))).toMatch(
        /^PARSE_ERROR: .*header shape must be a tuple of non-negative integers/,
      );
    }
    expect(parseNpy(handMade(f4('(2, 3)'), new Uint8Array(24))).shape).toEqual([2, 3]);
    expect(parseNpy(handMade(f4('(2L, 1L)'), new Uint8Array(8))).shape).toEqual([2, 1]);
    expect(parseNpy(handMade(f4('()'), new Uint8Array(4))).shape).toEqual([]);
  });

  it('refuses format versions other than 1, 2 and 3 (version 9)', () => {
    const file = handMade(f4('(1,)'), new Uint8Array(4), 2);
    file[6] = 9;
    expect(failure(() => parseNpy(file, { source: 'v9.npy' }))).toMatch(
      /^UNSUPPORTED: parseNpy: v9\.npy: format version must be 1\.0, 2\.0 or 3\.0.*9\.0/,
    );
    file[6] = 3;
    expect(Array.from(parseNpy(file).data as ArrayLike<number>)).toEqual([0]);
  });

  it('refuses an invalid code point in a unicode array with PARSE_ERROR naming the element', () => {
    const words = new Uint32Array([0x61, 0, 0x110000, 0x62]);
    const file = handMade(
      "{'descr': '<U2', 'fortran_order': False, 'shape': (2,), }",
      new Uint8Array(words.buffer),
    );
    expect(failure(() => parseNpy(file, { source: 'x.npz/names.npy' }))).toMatch(
      /^PARSE_ERROR: parseNpy: x\.npz\/names\.npy: string element 1 holds the invalid code point 0x110000/,
    );
  });

  it('serializeNpy narrows to float16 on request and checks the element count', () => {
    const bytes = serializeNpy(
      { dtype: 'float32', shape: [2], data: new Float32Array([1, 0.1]) },
      { dtype: 'float16' },
    );
    expect(parseNpy(bytes).dtype).toBe('float16');
    expect(parseNpy(bytes).data[1]).toBeCloseTo(0.0999755859375, 10);
    expect(bytes.length % 64).toBe(4); // header padded to a multiple of 64 bytes, then 2 x 2 data bytes
    expect(
      failure(() => serializeNpy({ dtype: 'float32', shape: [3], data: new Float32Array(2) })),
    ).toMatch(/^SHAPE_MISMATCH: .*3 elements/);
  });
});
