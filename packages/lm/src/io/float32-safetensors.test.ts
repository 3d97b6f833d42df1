import { parseSafetensors, R1kitError, serializeSafetensors } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { readFloat32Safetensors, writeFloat32Safetensors } from './float32-safetensors.js';

describe('float32 safetensors', () => {
  it('writes format pt metadata and reads F16/F64 weights back as float32', () => {
    const written = writeFloat32Safetensors(
      new Map([['w', { shape: [2], data: new Float32Array([1, -2]) }]]),
    );
    expect(parseSafetensors(written).metadata).toEqual({ format: 'pt' });
    const bytes = serializeSafetensors({
      h: { dtype: 'F16', shape: [2], data: new Float32Array([0.5, -3]) },
      d: { shape: [1], data: new Float64Array([0.1]) },
    });
    const tensors = readFloat32Safetensors(bytes);
    expect(tensors.get('h')!.data).toEqual(new Float32Array([0.5, -3]));
    expect(tensors.get('d')!.data).toEqual(new Float32Array([0.1]));
  });

  it('refuses integer tensors as weights with UNSUPPORTED', () => {
    const bytes = serializeSafetensors({ ids: { shape: [1], data: new Int32Array([3]) } });
    let caught: unknown;
    try {
      readFloat32Safetensors(bytes, 'model.safetensors');
    } catch (error) {
      caught = error;
    }
    expect(R1kitError.isInstance(caught) && caught.code).toBe('UNSUPPORTED');
    expect((caught as Error).message).toMatch(/model\.safetensors.*'ids'.*"I32"/);
  });
});
