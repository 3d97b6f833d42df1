import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { merFeatureTensors } from './mer-feature-tensors.js';
import type { MerSample } from './mer-sample.js';

function sample(name: string, offset: number, shape: [number, number] = [2, 3]): MerSample {
  const size = shape[0] * shape[1];
  return {
    name,
    audio: Float32Array.from({ length: size }, (_, index) => offset + index),
    video: Float32Array.from({ length: 2 * size }, (_, index) => -(offset + index)),
    audioShape: shape,
    videoShape: [2 * shape[0], shape[1]],
    subtitle: '',
    description: '',
    labels: ['happy'],
    cues: [],
  };
}

describe('merFeatureTensors', () => {
  it('stacks features row-major and gives an absent sample zero rows', () => {
    expectNoLeak(() => {
      const { audio, video } = merFeatureTensors({
        samples: [sample('a', 0), undefined, sample('c', 100)],
      });
      expect(audio.shape).toEqual([3, 2, 3]);
      expect(video.shape).toEqual([3, 4, 3]);
      const values = audio.arraySync();
      expect(values[0]).toEqual([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      expect(values[1]).toEqual([
        [0, 0, 0],
        [0, 0, 0],
      ]);
      expect(values[2]?.[1]).toEqual([103, 104, 105]);
      expect(video.arraySync()[2]?.[3]).toEqual([-109, -110, -111]);
      audio.dispose();
      video.dispose();
    });
  });

  it('refuses a batch without a sample and samples of different shapes, leaking nothing', () => {
    expectR1kitError(
      () => merFeatureTensors({ samples: [undefined] }),
      'INVALID_ARGUMENT',
      'options.samples',
      'at least one sample',
    );
    expectR1kitError(
      () => merFeatureTensors({ samples: [sample('a', 0), sample('b', 0, [2, 4])] }),
      'SHAPE_MISMATCH',
      'options.samples[1].audio',
      'of shape [2, 3]',
    );
    const wrongVideo = { ...sample('b', 0), videoShape: [5, 3] as const };
    expectR1kitError(
      () => merFeatureTensors({ samples: [sample('a', 0), wrongVideo] }),
      'SHAPE_MISMATCH',
      'options.samples[1].video',
    );
  });
});
