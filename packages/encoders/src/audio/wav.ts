import { invalidArgument, R1kitError } from '@r1kit/core';

/**
 * Decoded audio: one `Float32Array` per channel, samples in `[-1, 1]`.
 *
 * @category Audio
 */
export interface AudioData {
  /** Samples per second. */
  sampleRate: number;
  /** One array per channel, all the same length. */
  channels: Float32Array[];
}

/** The sample encodings {@link parseWav} reads and {@link serializeWav} writes. @category Audio */
export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

/**
 * Parses a RIFF/WAVE file: integer PCM (8, 16, 24, 32 bit) and IEEE float (32, 64 bit), plain
 * or `WAVE_FORMAT_EXTENSIBLE`. Integers are scaled to `[-1, 1)` (divided by 2^(bits-1)). A
 * truncated `fmt` chunk, more than 256 channels or a sample rate of 0 is refused.
 *
 * @param bytes - The whole file.
 * @returns The sample rate and de-interleaved channels.
 * @throws R1kitError `PARSE_ERROR` for a malformed file, `UNSUPPORTED` for compressed formats.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { parseWav, serializeWav, toMono } from '@r1kit/encoders';
 * const path = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'sample.wav');
 * const [left, right] = [new Float32Array(160).fill(0.5), new Float32Array(160)];
 * writeFileSync(path, serializeWav({ sampleRate: 16000, channels: [left, right] }));
 * const { sampleRate, channels } = parseWav(readFileSync(path));
 * const mono = toMono(channels);
 * console.log(sampleRate, channels.length, mono.length, mono[0]); // 16000 2 160 0.25
 * ```
 *
 * @category Audio
 */
export function parseWav(bytes: Uint8Array): AudioData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw invalidArgument({
      functionName: 'parseWav',
      argument: 'bytes',
      received: bytes.subarray(0, 12),
      expected: 'a RIFF/WAVE file',
      code: 'PARSE_ERROR',
    });
  }
  let format: { code: number; channels: number; sampleRate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `parseWav: the fmt chunk is truncated (${Math.min(size, bytes.length - body)} of its 16 bytes); the file is damaged`,
        });
      }
      let code = view.getUint16(body, true);
      if (code === 0xfffe && size >= 26 && body + 26 <= bytes.length)
        code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined)
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: 'parseWav: the data chunk comes before the fmt chunk',
        });
      const length = Math.min(size, bytes.length - body);
      return { sampleRate: format.sampleRate, channels: decode(view, body, length, format) };
    }
    offset = body + size + (size % 2);
  }
  throw new R1kitError({
    code: 'PARSE_ERROR',
    message: 'parseWav: the file has no fmt and data chunks',
  });
}

/** The most channels a WAV file may have (WAVE_FORMAT_EXTENSIBLE names 18 speaker positions). */
const maxChannels = 256;

function decode(
  view: DataView,
  start: number,
  length: number,
  format: { code: number; channels: number; sampleRate: number; bits: number },
): Float32Array[] {
  const { code, channels, bits } = format;
  const encoding = code === 1 ? `pcm${bits}` : code === 3 ? `float${bits}` : undefined;
  const reader = encoding === undefined ? undefined : readers[encoding as WavEncoding];
  if (channels > maxChannels || format.sampleRate === 0) {
    throw invalidArgument({
      functionName: 'parseWav',
      argument: 'format',
      received: `${channels} channel(s) at ${format.sampleRate} Hz`,
      expected: `1 to ${maxChannels} channels and a sample rate above 0 (the fmt chunk is damaged)`,
      code: 'PARSE_ERROR',
    });
  }
  if (reader === undefined || channels < 1) {
    throw invalidArgument({
      functionName: 'parseWav',
      argument: 'format',
      received: `format code ${code}, ${bits} bits, ${channels} channel(s)`,
      expected: 'integer PCM (8/16/24/32 bit) or IEEE float (32/64 bit) with at least one channel',
      code: 'UNSUPPORTED',
    });
  }
  const bytesPerSample = bits / 8;
  const frames = Math.floor(length / (bytesPerSample * channels));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      out[channel]![frame] = reader(view, start + (frame * channels + channel) * bytesPerSample);
    }
  }
  return out;
}

const readers: Record<WavEncoding, (view: DataView, at: number) => number> = {
  pcm8: (view, at) => (view.getUint8(at) - 128) / 128,
  pcm16: (view, at) => view.getInt16(at, true) / 32768,
  pcm24: (view, at) => {
    const value = view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
    return value / 8388608;
  },
  pcm32: (view, at) => view.getInt32(at, true) / 2147483648,
  float32: (view, at) => view.getFloat32(at, true),
  float64: (view, at) => view.getFloat64(at, true),
};
