import { errorCode } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { argmaxRow } from './argmax-row.js';

describe('argmaxRow', () => {
  it('returns the first index of the largest finite entry', () => {
    expect(argmaxRow(Float32Array.from([-3, -1, -2, -1]), 0, 1)).toBe(1);
    expect(argmaxRow(Float32Array.from([-Infinity, -5, -Infinity]), 0, 1)).toBe(1);
  });

  it('raises NUMERIC_ERROR on NaN and on an all-masked row, naming sequence and step', async () => {
    expect(await errorCode(() => argmaxRow(Float32Array.from([0, Number.NaN]), 3, 7))).toBe(
      'NUMERIC_ERROR',
    );
    expect(() => argmaxRow(Float32Array.from([-Infinity, -Infinity]), 3, 7)).toThrow(
      'generate: every token of sequence 3 at step 7 is masked to -Infinity',
    );
  });
});
