import { requireInteger } from '@r1kit/core';

/**
 * Options for {@link sampleFrameIndices}.
 *
 * @category Video
 */
export interface SampleFrameIndicesOptions {
  /**
   * How many indices to return (AffectGPT: 8).
   *
   * @defaultValue `8`
   */
  count?: number;
  /**
   * What to do when the video has fewer frames than `count`: `'repeat-last'` returns every
   * frame once and then repeats the last; `'stretch'` keeps AffectGPT's
   * `np.arange(0, numFrames, numFrames / count)` spacing, which repeats frames evenly.
   *
   * @defaultValue `'repeat-last'`
   */
  whenShort?: 'repeat-last' | 'stretch';
}

/**
 * Uniform frame sampling as in AffectGPT: index `i` is `floor(i * numFrames / count)`, i.e.
 * `np.arange(0, numFrames, numFrames / count).astype(int)`.
 *
 * @param numFrames - Frames in the video (or face crops in the `.npy`).
 * @param options - How many indices and what to do for short videos.
 * @returns `count` frame indices in `[0, numFrames)`, non-decreasing.
 *
 * @example
 * ```ts
 * import { sampleFrameIndices } from '@r1kit/encoders';
 * sampleFrameIndices(100); // [0, 12, 25, 37, 50, 62, 75, 87]
 * sampleFrameIndices(3);   // [0, 1, 2, 2, 2, 2, 2, 2]
 * ```
 *
 * @category Video
 */
export function sampleFrameIndices(
  numFrames: number,
  options: SampleFrameIndicesOptions = {},
): number[] {
  requireInteger({
    functionName: 'sampleFrameIndices',
    argument: 'numFrames',
    value: numFrames,
    min: 1,
  });
  const count = requireInteger({
    functionName: 'sampleFrameIndices',
    argument: 'options.count',
    value: options.count ?? 8,
    min: 1,
  });
  if (numFrames < count && (options.whenShort ?? 'repeat-last') === 'repeat-last') {
    return Array.from({ length: count }, (_, index) => Math.min(index, numFrames - 1));
  }
  return Array.from({ length: count }, (_, index) => Math.floor((index * numFrames) / count));
}
