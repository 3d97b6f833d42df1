import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { toMono } from './to-mono.js';
import { parseWav } from './wav.js';
import { serializeWav } from './wav-writer.js';

const left = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 5) * 0.9);
const right = Float32Array.from({ length: 100 }, (_, i) => (i / 100) * 2 - 1);

describe('parseWav / serializeWav', () => {
  const cases = [
    ['pcm8', 1 / 128],
    ['pcm16', 1 / 32768],
    ['pcm24', 1 / 8388608],
    ['pcm32', 1 / 2147483648],
    ['float32', 0],
    ['float64', 0],
  ] as const;
  for (const [encoding, step] of cases) {
    it(`round-trips stereo ${encoding} within half a quantisation step`, () => {
      const audio = parseWav(
        serializeWav({ sampleRate: 22050, channels: [left, right] }, { encoding }),
      );
      expect(audio.sampleRate).toBe(22050);
      expect(audio.channels).toHaveLength(2);
      audio.channels.forEach((channel, c) => {
        const source = c === 0 ? left : right;
        for (let i = 0; i < source.length; i++) {
          expect(Math.abs(channel[i]! - source[i]!)).toBeLessThanOrEqual(step / 2 + 1e-7);
        }
      });
    });
  }

  it('reads exact PCM16 values and WAVE_FORMAT_EXTENSIBLE headers with extra chunks', () => {
    // Hand-built: fmt is extensible (0xFFFE) with the PCM sub-format, a LIST chunk precedes data.
    const samples = [0, 16384, -32768, 32767];
    const fmt = new Uint8Array(40);
    const f = new DataView(fmt.buffer);
    f.setUint16(0, 0xfffe, true);
    f.setUint16(2, 1, true);
    f.setUint32(4, 8000, true);
    f.setUint32(8, 16000, true);
    f.setUint16(12, 2, true);
    f.setUint16(14, 16, true);
    f.setUint16(16, 22, true);
    f.setUint16(24, 1, true); // sub-format GUID starts with 0x0001 = PCM
    const list = new TextEncoder().encode('abc'); // odd size: padded to 4
    const data = new Uint8Array(new Int16Array(samples).buffer);
    const chunks = [
      ['fmt ', fmt],
      ['LIST', list],
      ['data', data],
    ] as const;
    const total =
      12 + chunks.reduce((sum, [, body]) => sum + 8 + body.length + (body.length % 2), 0);
    const file = new Uint8Array(total);
    const view = new DataView(file.buffer);
    file.set(new TextEncoder().encode('RIFF'), 0);
    view.setUint32(4, total - 8, true);
    file.set(new TextEncoder().encode('WAVE'), 8);
    let at = 12;
    for (const [id, body] of chunks) {
      file.set(new TextEncoder().encode(id), at);
      view.setUint32(at + 4, body.length, true);
      file.set(body, at + 8);
      at += 8 + body.length + (body.length % 2);
    }
    const audio = parseWav(file);
    expect(audio.sampleRate).toBe(8000);
    expect(Array.from(audio.channels[0]!)).toEqual([0, 0.5, -1, 32767 / 32768]);
  });

  it('refuses non-WAV bytes and compressed formats', () => {
    expectR1kitError(
      () => parseWav(new TextEncoder().encode('OggS0000000000')),
      'PARSE_ERROR',
      /RIFF\/WAVE/,
    );
    const bytes = serializeWav({ sampleRate: 8000, channels: [left] });
    new DataView(bytes.buffer).setUint16(20, 2, true); // ADPCM
    expectR1kitError(() => parseWav(bytes), 'UNSUPPORTED', /format code 2/);
  });

  it('refuses a file truncated inside fmt, 65535 channels and a sample rate of 0', () => {
    // The fmt chunk body starts at byte 20: code (20), channels (22), sample rate (24).
    const bytes = serializeWav({ sampleRate: 8000, channels: [left] });
    expectR1kitError(() => parseWav(bytes.slice(0, 30)), 'PARSE_ERROR', /fmt chunk is truncated/);
    const many = bytes.slice();
    new DataView(many.buffer).setUint16(22, 65535, true);
    expectR1kitError(() => parseWav(many), 'PARSE_ERROR', /65535 channel\(s\) at 8000 Hz/);
    const still = bytes.slice();
    new DataView(still.buffer).setUint32(24, 0, true);
    expectR1kitError(() => parseWav(still), 'PARSE_ERROR', /1 channel\(s\) at 0 Hz/);
    expect(parseWav(bytes).sampleRate).toBe(8000);
  });
});

describe('toMono', () => {
  it('averages channels', () => {
    const mono = toMono([
      new Float32Array([1, 0.5]),
      new Float32Array([0, -0.5]),
      new Float32Array([0.5, 0.3]),
    ]);
    expect(Array.from(mono)).toEqual([0.5, 0.1].map(Math.fround));
    expectR1kitError(
      () => toMono([new Float32Array(2), new Float32Array(3)]),
      'SHAPE_MISMATCH',
      /same length/,
    );
  });
});
