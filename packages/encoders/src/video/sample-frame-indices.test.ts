import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { sampleFrameIndices } from './sample-frame-indices.js';

describe('sampleFrameIndices', () => {
  it('matches np.arange(0, n, n / k).astype(int)', () => {
    // np.arange(0, 100, 12.5).astype(int) = [0, 12, 25, 37, 50, 62, 75, 87]
    expect(sampleFrameIndices(100)).toEqual([0, 12, 25, 37, 50, 62, 75, 87]);
    // np.arange(0, 10, 1.25).astype(int) = [0, 1, 2, 3, 5, 6, 7, 8]
    expect(sampleFrameIndices(10)).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(sampleFrameIndices(8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('repeats the last frame for short videos, or stretches on request', () => {
    expect(sampleFrameIndices(3)).toEqual([0, 1, 2, 2, 2, 2, 2, 2]);
    // np.arange(0, 3, 0.375).astype(int) = [0, 0, 0, 1, 1, 1, 2, 2]
    expect(sampleFrameIndices(3, { whenShort: 'stretch' })).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(sampleFrameIndices(1, { count: 3 })).toEqual([0, 0, 0]);
  });

  it('refuses an empty video', () => {
    expectR1kitError(
      () => sampleFrameIndices(0),
      'INVALID_ARGUMENT',
      /numFrames must be a positive integer; received 0/,
    );
  });
});
