import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { resample } from './resample.js';

const tone = (hz: number, rate: number, seconds: number) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.sin((2 * Math.PI * hz * i) / rate),
  );
const rms = (x: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! ** 2;
  return Math.sqrt(sum / (to - from));
};

describe('resample', () => {
  for (const [fromRate, toRate] of [
    [48000, 16000],
    [44100, 16000],
    [8000, 16000],
  ] as const) {
    it(`keeps a 440 Hz tone when going ${fromRate} -> ${toRate}`, () => {
      const out = resample(tone(440, fromRate, 0.5), { fromRate, toRate });
      expect(out.length).toBe(Math.round(0.5 * toRate));
      const expected = tone(440, toRate, 0.5);
      let worst = 0;
      for (let i = 200; i < out.length - 200; i++)
        worst = Math.max(worst, Math.abs(out[i]! - expected[i]!));
      expect(worst).toBeLessThan(5e-3);
    });
  }

  it('filters out content above the new Nyquist frequency instead of aliasing it', () => {
    const out = resample(tone(10_000, 48000, 0.5), { fromRate: 48000, toRate: 16000 });
    // A 10 kHz tone would alias to 6 kHz at 16 kHz; the anti-alias kernel removes it.
    expect(rms(out, 200, out.length - 200)).toBeLessThan(0.02);
  });

  it('returns a copy at equal rates and refuses bad rates', () => {
    const x = new Float32Array([1, 2, 3]);
    const y = resample(x, { fromRate: 16000 });
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
    expectR1kitError(
      () => resample(x, { fromRate: 0 }),
      'INVALID_ARGUMENT',
      /options.fromRate must be a positive number; received 0/,
    );
  });
});
