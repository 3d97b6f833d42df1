import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFramesWithFfmpeg } from './decode-frames.js';
import { decodeAudioWithFfmpeg, isFfmpegAvailable } from './ffmpeg.js';

const available = isFfmpegAvailable();
if (!available)
  console.warn('[@r1kit/encoders] ffmpeg tests skipped: ffmpeg/ffprobe not on the PATH');
const directory = mkdtempSync(join(tmpdir(), 'r1kit-ffmpeg-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const ffmpeg = (args: string[]) => {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
};

describe.skipIf(!available)('ffmpeg decoding', () => {
  it('samples frames uniformly from a lossless video whose red channel encodes the frame number', async () => {
    const path = join(directory, 'ramp.mkv');
    // 10 frames of 64x48; frame n has red = 20 n, green 128, blue 255 - 20 n (PNG codec: lossless RGB).
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      "color=c=black:s=64x48:r=10:d=1,format=rgb24,geq=r='N*20':g='128':b='255-N*20'",
      '-c:v',
      'png',
      path,
    ]);
    const frames = await decodeFramesWithFfmpeg(path, { shortestEdge: 0 });
    expect(frames.map((frame) => [frame.width, frame.height])).toEqual(Array(8).fill([64, 48]));
    // Indices floor(i * 10 / 8) = 0, 1, 2, 3, 5, 6, 7, 8.
    expect(frames.map((frame) => frame.data[0])).toEqual([0, 20, 40, 60, 100, 120, 140, 160]);
    expect(frames.map((frame) => frame.data[2])).toEqual([255, 235, 215, 195, 155, 135, 115, 95]);
    const scaled = await decodeFramesWithFfmpeg(path, { count: 2 });
    expect([scaled[0]!.width, scaled[0]!.height]).toEqual([298, 224]); // 64 * 224 / 48 = 298.7 -> even 298
  });

  it('decodes audio to 16 kHz mono', async () => {
    const path = join(directory, 'tone.wav');
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=44100:duration=1',
      '-ac',
      '2',
      path,
    ]);
    const samples = await decodeAudioWithFfmpeg(path);
    expect(Math.abs(samples.length - 16000)).toBeLessThanOrEqual(16);
    let crossings = 0;
    for (let i = 1; i < samples.length; i++)
      if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
    expect(Math.abs(crossings - 880)).toBeLessThanOrEqual(4); // 440 Hz: two zero crossings per period
  });

  it('reports a missing file as NOT_FOUND', async () => {
    await expect(decodeAudioWithFfmpeg(join(directory, 'missing.mp4'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
