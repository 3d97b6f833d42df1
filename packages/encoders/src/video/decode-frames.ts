import { R1kitError } from '@r1kit/core';
import { requireFile, runFfmpeg, runTool } from './ffmpeg.js';
import type { RgbFrame } from './preprocess-frame.js';
import { type SampleFrameIndicesOptions, sampleFrameIndices } from './sample-frame-indices.js';

/**
 * Options for {@link decodeFramesWithFfmpeg}.
 *
 * @category Video
 */
export interface DecodeFramesOptions extends SampleFrameIndicesOptions {
  /**
   * Frames are scaled so their shorter side has this many pixels (aspect kept, even sides),
   * which bounds memory; pass `0` to keep the original size.
   *
   * @defaultValue `224`
   */
  shortestEdge?: number;
}

/**
 * Decodes a video with ffmpeg and returns `count` uniformly sampled RGB frames (see
 * {@link sampleFrameIndices}); feed them to {@link preprocessFrame}.
 *
 * @param path - The video file.
 * @param options - How many frames, short-video policy and decode size.
 * @returns The sampled frames.
 * @throws R1kitError `UNSUPPORTED` when ffmpeg is missing, `NOT_FOUND`, `IO_ERROR`.
 *
 * @example
 * ```ts no-run
 * import { decodeFramesWithFfmpeg, preprocessFrame } from '@r1kit/encoders';

 * const frames = await decodeFramesWithFfmpeg('sample.mp4', { count: 8 });
 * const pixels = frames.map((frame) => preprocessFrame(frame));
 * ```
 *
 * @category Video
 */
export async function decodeFramesWithFfmpeg(
  path: string,
  options: DecodeFramesOptions = {},
): Promise<RgbFrame[]> {
  const name = 'decodeFramesWithFfmpeg';
  requireFile(path, name);
  const probe = await runTool(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      path,
    ],
    name,
  );
  const [sourceWidth, sourceHeight] = new TextDecoder().decode(probe).trim().split(',').map(Number);
  if (!sourceWidth || !sourceHeight)
    throw new R1kitError({ code: 'IO_ERROR', message: `${name}: ${path} has no video stream` });
  const edge = options.shortestEdge ?? 224;
  const even = (value: number) => Math.max(2, 2 * Math.round(value / 2));
  const scale = edge > 0 ? edge / Math.min(sourceWidth, sourceHeight) : 1;
  const width = edge > 0 ? even(sourceWidth * scale) : sourceWidth;
  const height = edge > 0 ? even(sourceHeight * scale) : sourceHeight;
  const raw = await runFfmpeg(
    path,
    ['-an', '-vf', `scale=${width}:${height}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo'],
    name,
  );
  const frameBytes = width * height * 3;
  const numFrames = Math.floor(raw.length / frameBytes);
  if (numFrames === 0)
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `${name}: ffmpeg decoded no frame from ${path}`,
    });
  return sampleFrameIndices(numFrames, options).map((index) => ({
    data: raw.slice(index * frameBytes, (index + 1) * frameBytes),
    width,
    height,
  }));
}
