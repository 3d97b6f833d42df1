import { invalidArgument } from '@r1kit/core';
import type { AudioData, WavEncoding } from './wav.js';

/**
 * Options for {@link serializeWav}.
 *
 * @category Audio
 */
export interface SerializeWavOptions {
  /**
   * Sample encoding. Integer encodings round and clip to the representable range.
   *
   * @defaultValue `'pcm16'`
   */
  encoding?: WavEncoding;
}

/**
 * Writes audio as a canonical RIFF/WAVE file (44-byte header, interleaved samples).
 *
 * @param audio - Sample rate and channels (samples in `[-1, 1]`).
 * @param options - The sample encoding.
 * @returns The file bytes.
 *
 * @example
 * ```ts
 * import { serializeWav } from '@r1kit/encoders';
 * const bytes = serializeWav({ sampleRate: 16000, channels: [new Float32Array(16000)] });
 * ```
 *
 * @category Audio
 */
export function serializeWav(audio: AudioData, options: SerializeWavOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'pcm16';
  const { channels, sampleRate } = audio;
  if (channels.length === 0 || channels.some((channel) => channel.length !== channels[0]!.length)) {
    throw invalidArgument({
      functionName: 'serializeWav',
      argument: 'audio.channels',
      received: channels,
      expected: 'at least one channel, all of the same length',
      code: 'SHAPE_MISMATCH',
    });
  }
  const bits = Number(encoding.replace(/\D/g, ''));
  const bytesPerSample = bits / 8;
  const frames = channels[0]!.length;
  const dataSize = frames * channels.length * bytesPerSample;
  const out = new Uint8Array(44 + dataSize);
  const view = new DataView(out.buffer);
  const text = (at: number, value: string) => out.set(new TextEncoder().encode(value), at);
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataSize, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding.startsWith('float') ? 3 : 1, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels.length * bytesPerSample, true);
  view.setUint16(32, channels.length * bytesPerSample, true);
  view.setUint16(34, bits, true);
  text(36, 'data');
  view.setUint32(40, dataSize, true);
  let at = 44;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channels) {
      write(view, at, channel[frame]!, encoding);
      at += bytesPerSample;
    }
  }
  return out;
}

function write(view: DataView, at: number, sample: number, encoding: WavEncoding): void {
  const integer = (bits: number) => {
    const scale = 2 ** (bits - 1);
    return Math.max(-scale, Math.min(scale - 1, Math.round(sample * scale)));
  };
  switch (encoding) {
    case 'float32':
      view.setFloat32(at, sample, true);
      break;
    case 'float64':
      view.setFloat64(at, sample, true);
      break;
    case 'pcm8':
      view.setUint8(at, integer(8) + 128);
      break;
    case 'pcm16':
      view.setInt16(at, integer(16), true);
      break;
    case 'pcm24': {
      const value = integer(24);
      view.setUint8(at, value & 0xff);
      view.setUint8(at + 1, (value >> 8) & 0xff);
      view.setInt8(at + 2, value >> 16);
      break;
    }
    case 'pcm32':
      view.setInt32(at, integer(32), true);
      break;
  }
}
