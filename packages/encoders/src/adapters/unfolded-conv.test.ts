import { expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectAllClose, randomArray } from '../../test/helpers.js';
import { conv1dSame, conv2dSame } from './unfolded-conv.js';

describe('unfolded convolutions', () => {
  for (const [length, kernel, stride] of [
    [9, 3, 1],
    [9, 3, 2],
    [10, 3, 2],
    [7, 1, 2],
    [8, 4, 3],
  ] as const) {
    it(`conv1dSame equals tf.conv1d (length ${length}, kernel ${kernel}, stride ${stride})`, async () => {
      await expectNoLeak(() => {
        const x = tf.tensor3d(randomArray(2 * length * 3, length), [2, length, 3]);
        const filter = tf.tensor3d(randomArray(kernel * 3 * 4, kernel + 10), [kernel, 3, 4]);
        const ours = conv1dSame(x, filter, stride);
        const reference = tf.conv1d(x, filter, stride, 'same');
        expectAllClose(ours.arraySync(), reference.arraySync(), 1e-5);
        tf.dispose([x, filter, ours, reference]);
      });
    });
  }

  for (const [height, width, kernel, stride] of [
    [8, 8, 3, 2],
    [7, 9, 3, 2],
    [6, 5, 3, 1],
    [5, 5, 1, 2],
  ] as const) {
    it(`conv2dSame equals tf.conv2d (${height}x${width}, kernel ${kernel}, stride ${stride})`, async () => {
      await expectNoLeak(() => {
        const x = tf.tensor4d(randomArray(2 * height * width * 3, height * width), [
          2,
          height,
          width,
          3,
        ]);
        const filter = tf.tensor4d(randomArray(kernel * kernel * 3 * 4, kernel), [
          kernel,
          kernel,
          3,
          4,
        ]);
        const ours = conv2dSame(x, filter, stride);
        const reference = tf.conv2d(x, filter, stride, 'same');
        expectAllClose(ours.arraySync(), reference.arraySync(), 1e-5);
        tf.dispose([x, filter, ours, reference]);
      });
    });
  }
});
