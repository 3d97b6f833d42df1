import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { floatToHalf } from './float16.js';
import { parseNpy, serializeNpy } from './npy.js';

/** Builds a .npy file by hand from a header dict and raw little/big-endian bytes. */
function handMade(header: string, body: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let text = header;
  text += ' '.repeat((64 - ((prefix + text.length + 1) % 64)) % 64);
  text += '\n';
  const out = new Uint8Array(prefix + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(new TextEncoder().encode(text), prefix);
  out.set(body, prefix + text.length);
  return out;
}

describe('parseNpy', () => {
  it('reads float32 C-order data and round-trips through serializeNpy', () => {
    const data = new Float32Array([1.5, -2, 3.25, 4, 5, 6]);
    const array = parseNpy(serializeNpy({ dtype: 'float32', shape: [2, 3], data }));
    expect(array).toEqual({ dtype: 'float32', shape: [2, 3], data });
  });

  it('reorders Fortran-order data to C order', () => {
    // Fortran order stores columns first: [[1, 2, 3], [4, 5, 6]] is 1 4 2 5 3 6.
    const body = new Uint8Array(new Int32Array([1, 4, 2, 5, 3, 6]).buffer);
    const array = parseNpy(
      handMade("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", body),
    );
    expect(array.dtype).toBe('int32');
    expect(Array.from(array.data)).toEqual([1, 2, 3, 4, 5, 6]);
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
    expect(Array.from(array.data)).toEqual(expected);
  });

  it('widens float16, including subnormals and infinities', () => {
    const values = [0, 1, -2.5, 65504, 2 ** -24, Number.POSITIVE_INFINITY, 0.1];
    const half = floatToHalf(values);
    const array = parseNpy(
      handMade(
        "{'descr': '<f2', 'fortran_order': False, 'shape': (7,), }",
        new Uint8Array(half.buffer),
      ),
    );
    expect(array.dtype).toBe('float16');
    expect(Array.from(array.data).slice(0, 6)).toEqual(values.slice(0, 6));
    expect(array.data[6]).toBeCloseTo(0.0999755859375, 10); // nearest half to 0.1
  });

  it('reads big-endian, int64, uint8, bool and version-2 headers', () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat32(0, 1.25, false);
    new DataView(be.buffer).setFloat32(4, -3, false);
    expect(
      Array.from(
        parseNpy(handMade("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", be)).data,
      ),
    ).toEqual([1.25, -3]);
    const i64 = new Uint8Array(new BigInt64Array([-5n, 7n]).buffer);
    const ints = parseNpy(
      handMade("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", i64, 2),
    );
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.data)).toEqual([-5, 7]);
    expect(
      Array.from(
        parseNpy(
          handMade(
            "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
            new Uint8Array([0, 128, 255]),
          ),
        ).data,
      ),
    ).toEqual([0, 128, 255]);
    const flags = parseNpy(
      handMade("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", new Uint8Array([1])),
    );
    expect(flags).toEqual({ dtype: 'bool', shape: [], data: new Uint8Array([1]) });
  });

  it('refuses pickles, object arrays and int64 values that do not fit 32 bits', () => {
    expectR1kitError(
      () => parseNpy(new Uint8Array([0x80, 4, 0x95, 0, 0])),
      'UNSUPPORTED',
      /Python pickle.*allow_pickle=False/,
    );
    expectR1kitError(
      () =>
        parseNpy(
          handMade("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)),
        ),
      'UNSUPPORTED',
      /dtype \|O, which numpy stores as a pickle/,
    );
    const big = new Uint8Array(new BigInt64Array([2n ** 40n]).buffer);
    expectR1kitError(
      () => parseNpy(handMade("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", big)),
      'UNSUPPORTED',
      /narrowed to 32 bits/,
    );
  });

  it('refuses malformed files with PARSE_ERROR', () => {
    expectR1kitError(
      () => parseNpy(new TextEncoder().encode('not a numpy file')),
      'PARSE_ERROR',
      /magic/,
    );
    expectR1kitError(
      () =>
        parseNpy(
          handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new Uint8Array(8)),
        ),
      'PARSE_ERROR',
      /truncated/,
    );
    expectR1kitError(
      () => parseNpy(handMade("{'descr': '<f4', 'shape': (4,), }", new Uint8Array(16))),
      'PARSE_ERROR',
      /'fortran_order'/,
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
    expectR1kitError(
      () => serializeNpy({ dtype: 'float32', shape: [3], data: new Float32Array(2) }),
      'SHAPE_MISMATCH',
      /3 elements/,
    );
  });
});
