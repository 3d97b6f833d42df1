import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectAllClose, randomArray } from '../../test/helpers.js';
import { clipAudio } from './clip-audio.js';
import { logMelSpectrogram } from './log-mel-spectrogram.js';
import { melFilterBank } from './mel-filter-bank.js';
import { PowerSpectrum } from './power-spectrum.js';

/** |X_k|^2 by the definition X_k = sum_n x_n e^{-2 pi i k n / N}. */
function naivePower(frame: ArrayLike<number>, size: number): number[] {
  return Array.from({ length: Math.floor(size / 2) + 1 }, (_, k) => {
    let re = 0;
    let im = 0;
    for (let n = 0; n < size; n++) {
      re += frame[n]! * Math.cos((2 * Math.PI * k * n) / size);
      im -= frame[n]! * Math.sin((2 * Math.PI * k * n) / size);
    }
    return re * re + im * im;
  });
}

describe('PowerSpectrum', () => {
  for (const size of [400, 512, 7, 2]) {
    it(`equals the naive DFT for size ${size}`, () => {
      const frame = randomArray(size, size);
      const spectrum = new PowerSpectrum(size);
      const out = new Float64Array(spectrum.bins);
      spectrum.compute(frame, out);
      expectAllClose(Array.from(out), naivePower(frame, size), 1e-6);
    });
  }
});

describe('melFilterBank', () => {
  it('builds slaney-normalised triangles of unit area in Hz', () => {
    const bank = melFilterBank({ sampleRate: 16000, nFft: 4096, nMels: 40 });
    expect(bank).toHaveLength(40);
    expect(bank[0]).toHaveLength(2049);
    const binHz = 16000 / 4096;
    for (const row of bank) {
      const area = row.reduce((sum, weight) => sum + weight * binHz, 0);
      expect(area).toBeGreaterThan(0.97);
      expect(area).toBeLessThan(1.03);
    }
  });

  it('puts the slaney band edges linearly below 1 kHz and the htk peaks at the mel centres', () => {
    // Slaney: 1 kHz = 15 mel, 200/3 Hz per mel below it. With fMax = 2 kHz and 20 bands the
    // first band's edges are at mel 0, m, 2m with m = mel(2000) / 21, so it peaks at m * 200/3 Hz.
    const melOf2k = 15 + Math.log(2) / (Math.log(6.4) / 27);
    const step = melOf2k / 21;
    const peakHz = step * (200 / 3);
    const bank = melFilterBank({
      sampleRate: 16000,
      nFft: 16000,
      nMels: 20,
      fMax: 2000,
      norm: 'none',
    });
    const peakBin = bank[0]!.indexOf(Math.max(...bank[0]!));
    expect(Math.abs(peakBin - peakHz)).toBeLessThanOrEqual(1); // 1 Hz bins
    const htk = melFilterBank({
      sampleRate: 16000,
      nFft: 16000,
      nMels: 10,
      melScale: 'htk',
      norm: 'none',
    });
    const htkMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
    const centreHz = 700 * (10 ** ((htkMel(8000) * 5) / 11 / 2595) - 1); // band 4's centre
    const htkPeak = htk[4]!.indexOf(Math.max(...htk[4]!));
    expect(Math.abs(htkPeak - centreHz)).toBeLessThanOrEqual(1);
    expectR1kitError(
      () => melFilterBank({ fMax: 9000 }),
      'INVALID_ARGUMENT',
      /sampleRate \/ 2 \(8000\)/,
    );
  });
});

describe('logMelSpectrogram', () => {
  it('matches the Whisper formula computed with a naive DFT', () => {
    const signal = randomArray(1600, 3).map((v) => v * 0.3);
    const { data, shape } = logMelSpectrogram(signal);
    // Centred frames: 1 + floor(1600 / 160) = 11, minus Whisper's dropped last frame.
    expect(shape).toEqual([80, 10]);
    const padded = [
      ...Array.from({ length: 200 }, (_, i) => signal[200 - i]!),
      ...signal,
      ...Array.from({ length: 200 }, (_, i) => signal[1598 - i]!),
    ];
    const hann = Array.from(
      { length: 400 },
      (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / 400),
    );
    const bank = melFilterBank();
    const logs: number[][] = bank.map(() => []);
    for (let t = 0; t < 10; t++) {
      const power = naivePower(
        hann.map((w, n) => w * padded[t * 160 + n]!),
        400,
      );
      bank.forEach((row, m) => {
        const mel = row.reduce((sum, weight, k) => sum + weight * power[k]!, 0);
        logs[m]!.push(Math.log10(Math.max(1e-10, mel)));
      });
    }
    const max = Math.max(...logs.flat());
    const expected = logs.map((row) => row.map((v) => (Math.max(v, max - 8) + 4) / 4));
    expectAllClose(Array.from(data), expected.flat(), 1e-4);
  });

  it('puts a 1 kHz tone in the band whose centre is nearest 1 kHz', () => {
    const tone = Float32Array.from({ length: 8000 }, (_, i) =>
      Math.sin((2 * Math.PI * 1000 * i) / 16000),
    );
    const { data, shape } = logMelSpectrogram(tone, { whisperNormalize: false });
    const frame = 20;
    const column = Array.from({ length: shape[0] }, (_, m) => data[m * shape[1] + frame]!);
    const loudest = column.indexOf(Math.max(...column));
    // Slaney mel of 8 kHz is 15 + ln(8)/(ln(6.4)/27) = 45.245; band m is centred at (m + 1) * 45.245 / 81 mel.
    const centres = Array.from({ length: 80 }, (_, m) => ((m + 1) * 45.245) / 81);
    const nearest = centres.reduce(
      (best, mel, m) => (Math.abs(mel - 15) < Math.abs(centres[best]! - 15) ? m : best),
      0,
    );
    expect(Math.abs(loudest - nearest)).toBeLessThanOrEqual(1);
  });

  it('refuses a window longer than nFft and a too-short signal', () => {
    expectR1kitError(
      () => logMelSpectrogram(new Float32Array(1000), { windowLength: 500 }),
      'INVALID_ARGUMENT',
      /at most nFft \(400\)/,
    );
    expectR1kitError(
      () => logMelSpectrogram(new Float32Array(100)),
      'INVALID_ARGUMENT',
      /more than 200 samples/,
    );
  });
});

describe('logMelSpectrogram input checks', () => {
  it('refuses a signal holding an infinity', () => {
    const signal = new Float32Array(1000);
    signal[7] = Number.POSITIVE_INFINITY;
    expectR1kitError(
      () => logMelSpectrogram(signal),
      'NUMERIC_ERROR',
      /signal holds Infinity at element 7/,
    );
  });
});

describe('clipAudio', () => {
  it('spreads 8 clips of 2 s evenly from start to end', () => {
    const signal = Float32Array.from({ length: 5 * 16000 }, (_, i) => i);
    const clips = clipAudio(signal);
    expect(clips).toHaveLength(8);
    clips.forEach((clip, i) => {
      expect(clip.length).toBe(32000);
      expect(clip[0]).toBe(Math.floor((i * 3 * 16000) / 7)); // start = i * (5 - 2) / 7 s
    });
    expect(clips[7]![31999]).toBe(5 * 16000 - 1); // the last clip ends at the end
  });

  it('zero-pads audio shorter than one clip', () => {
    const clips = clipAudio(new Float32Array(16000).fill(0.5), { numClips: 3 });
    for (const clip of clips) {
      expect(clip[15999]).toBe(0.5);
      expect(clip[16000]).toBe(0);
    }
    expectR1kitError(
      () => clipAudio(new Float32Array(10), { numClips: 0 }),
      'INVALID_ARGUMENT',
      /numClips/,
    );
  });
});
