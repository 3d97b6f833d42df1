import { R1kitError, serializeSafetensors } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors-codec.js';

/** The error code thrown by `fn`. */
function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return R1kitError.isInstance(error) ? error.code : 'other';
  }
  return 'no error';
}

describe('checkpoint safetensors codec', () => {
  it('round-trips F32 and I32 arrays with their metadata', () => {
    const content = {
      tensors: {
        b: { shape: [2], data: new Int32Array([7, -1]) },
        a: { shape: [1, 2], data: new Float32Array([Math.PI, -0]) },
      },
      metadata: { step: '4' },
    };
    expect(decodeSafetensors(encodeSafetensors(content))).toEqual(content);
  });

  it('refuses dtypes a checkpoint never holds and malformed files', () => {
    const half = serializeSafetensors({
      h: { dtype: 'F16', shape: [1], data: new Float32Array([1]) },
    });
    expect(errorCode(() => decodeSafetensors(half))).toBe('UNSUPPORTED');
    const wide = serializeSafetensors({
      n: { dtype: 'I64', shape: [1], data: new Int32Array([1]) },
    });
    expect(errorCode(() => decodeSafetensors(wide))).toBe('UNSUPPORTED');
    expect(errorCode(() => decodeSafetensors(new Uint8Array(4)))).toBe('PARSE_ERROR');
    expect(
      errorCode(() =>
        encodeSafetensors({
          tensors: { x: { shape: [3], data: new Float32Array(2) } },
          metadata: {},
        }),
      ),
    ).toBe('SHAPE_MISMATCH');
  });
});
