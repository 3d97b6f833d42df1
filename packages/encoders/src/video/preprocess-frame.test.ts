import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../../test/helpers.js';
import { preprocessFrame } from './preprocess-frame.js';

/** A frame whose red channel is its x coordinate, green its y, blue constant 200. */
function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x, y, 200], (y * width + x) * 3);
  return data;
}

describe('preprocessFrame', () => {
  it('normalises with the CLIP mean and std', () => {
    const data = new Uint8Array(4 * 4 * 3).fill(255);
    const out = preprocessFrame({ data, width: 4, height: 4 }, { size: 2 });
    expectAllClose(Array.from(out.subarray(0, 3)), [
      (1 - 0.48145466) / 0.26862954,
      (1 - 0.4578275) / 0.26130258,
      (1 - 0.40821073) / 0.27577711,
    ]);
  });

  it('halves a linear ramp exactly with half-pixel centres and centre-crops the long side', () => {
    // 200 x 100 image -> shortest edge 50 -> 100 x 50 scaled, crop the middle 50 columns (offset 25).
    const unit = { mean: [0, 0, 0] as const, std: [1 / 255, 1 / 255, 1 / 255] as const };
    const out = preprocessFrame(
      { data: gradient(200, 100), width: 200, height: 100 },
      { size: 50, ...unit },
    );
    // Output pixel (x, y) samples source ((x + 25 + 0.5) * 2 - 0.5, (y + 0.5) * 2 - 0.5).
    for (const [x, y] of [
      [0, 0],
      [10, 20],
      [49, 48],
    ] as const) {
      const at = (y * 50 + x) * 3;
      expect(out[at]).toBeCloseTo((x + 25 + 0.5) * 2 - 0.5, 4);
      expect(out[at + 1]).toBeCloseTo((y + 0.5) * 2 - 0.5, 4);
      expect(out[at + 2]).toBeCloseTo(200, 4);
    }
  });

  it('writes channels first on request', () => {
    const unit = { mean: [0, 0, 0] as const, std: [1 / 255, 1 / 255, 1 / 255] as const };
    const frame = { data: gradient(8, 8), width: 8, height: 8 };
    const hwc = preprocessFrame(frame, { size: 8, ...unit });
    const chw = preprocessFrame(frame, { size: 8, layout: 'chw', ...unit });
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 64; i++) expect(chw[c * 64 + i]).toBe(hwc[i * 3 + c]);
    expect(chw[1]).toBeCloseTo(1, 5); // red at x = 1
  });

  it('refuses data of the wrong length', () => {
    expectR1kitError(
      () => preprocessFrame({ data: new Uint8Array(10), width: 2, height: 2 }),
      'SHAPE_MISMATCH',
      /2 \* 2 \* 3/,
    );
  });
});
