import { invalidArgument } from '@r1kit/core';

/**
 * Options for {@link clipAudio}; the defaults are AffectGPT's (8 clips of 2 s at 16 kHz).
 *
 * @category Audio
 */
export interface ClipAudioOptions {
  /**
   * Sample rate of the signal.
   *
   * @defaultValue `16000`
   */
  sampleRate?: number;
  /**
   * Seconds per clip.
   *
   * @defaultValue `2`
   */
  clipDuration?: number;
  /**
   * Number of clips.
   *
   * @defaultValue `8`
   */
  numClips?: number;
}

/**
 * Splits a mono signal into `numClips` clips of `clipDuration` seconds, as AffectGPT does
 * with ImageBind's `ConstantClipsPerVideoSampler`: a signal shorter than one clip is
 * zero-padded to one clip, then clip `i` starts at `i * (duration - clipDuration) /
 * (numClips - 1)` seconds, so the clips spread evenly (overlapping for short audio) from the
 * start to the end.
 *
 * @param signal - Mono samples.
 * @param options - Rate, clip duration and count.
 * @returns `numClips` arrays of `round(clipDuration * sampleRate)` samples.
 *
 * @example
 * ```ts
 * import { clipAudio } from '@r1kit/encoders';
 * const clips = clipAudio(new Float32Array(5 * 16000)); // 8 clips of 32000 samples
 * ```
 *
 * @category Audio
 */
export function clipAudio(signal: Float32Array, options: ClipAudioOptions = {}): Float32Array[] {
  const sampleRate = options.sampleRate ?? 16000;
  const clipDuration = options.clipDuration ?? 2;
  const numClips = options.numClips ?? 8;
  if (!Number.isInteger(numClips) || numClips < 1) {
    throw invalidArgument({
      functionName: 'clipAudio',
      argument: 'options.numClips',
      received: numClips,
      expected: 'a positive integer',
    });
  }
  if (!(clipDuration > 0 && sampleRate > 0)) {
    throw invalidArgument({
      functionName: 'clipAudio',
      argument: 'options.clipDuration',
      received: clipDuration,
      expected: 'a positive number of seconds (with a positive sampleRate)',
    });
  }
  const clipLength = Math.round(clipDuration * sampleRate);
  const duration = Math.max(signal.length, clipLength) / sampleRate;
  const step = Math.max(duration - clipDuration, 0) / Math.max(numClips - 1, 1);
  return Array.from({ length: numClips }, (_, index) => {
    const start = Math.floor(index * step * sampleRate + 1e-9);
    const clip = new Float32Array(clipLength);
    clip.set(signal.subarray(start, Math.min(signal.length, start + clipLength)));
    return clip;
  });
}
