import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { groupAdvantages } from './group-advantages.js';
import { type WhitenAdvantagesOptions, whitenAdvantages } from './whiten-advantages.js';

// Spec §2.1c: rewards [1, 0, 0.5, 0.5], lengths [3, 2, 1, 2], group mean subtracted, broadcast.
const lengths = [3, 2, 1, 2];
const width = 3;

function whitenPerSequence(options: WhitenAdvantagesOptions): number[] {
  const shifted = groupAdvantages([1, 0, 0.5, 0.5], { numGenerations: 4, scaleRewards: 'none' });
  return expectNoLeak(() => {
    const values = tf.tensor2d(
      lengths.flatMap((_, b) => Array(width).fill(shifted[b])),
      [4, width],
    );
    const mask = tf.tensor2d(
      lengths.flatMap((length) => Array.from({ length: width }, (_, t) => (t < length ? 1 : 0))),
      [4, width],
    );
    const result = whitenAdvantages(values, mask, options);
    const data = result.dataSync();
    for (let b = 0; b < 4; b += 1) {
      for (let t = lengths[b]!; t < width; t += 1) expectClose(data[b * width + t]!, 0, 0);
    }
    tf.dispose([values, mask, result]);
    return lengths.map((_, b) => data[b * width]!);
  });
}

describe('whitenAdvantages (spec §2.1c)', () => {
  it('verl masked_whiten (unbiased var + 1e-8)', () => {
    expectClose(
      whitenPerSequence({ preset: 'verl' }),
      [1.048503, -1.348076, -0.149786, -0.149786],
      2e-6,
    );
  });
  it('OpenRLHF (biased var, floor 1e-8)', () => {
    expectClose(
      whitenPerSequence({ preset: 'openrlhf' }),
      [1.120897, -1.441153, -0.160128, -0.160128],
      2e-6,
    );
  });
  it('shiftMean false adds the token mean (0.5 / 8 tokens = 0.0625) back', () => {
    expectClose(
      whitenPerSequence({ shiftMean: false }),
      [1.048503, -1.348076, -0.149786, -0.149786].map((v) => v + 0.0625),
      2e-6,
    );
  });
  it('rejects fewer than two valid tokens and mismatched shapes', () => {
    const values = tf.ones([2, 2]);
    const one = tf.tensor2d([
      [1, 0],
      [0, 0],
    ]);
    const wide = tf.ones([2, 3]);
    expectR1kitError(
      () => whitenAdvantages(values, one),
      'INVALID_ARGUMENT',
      'mask',
      'at least two',
    );
    expectR1kitError(() => whitenAdvantages(values, wide), 'SHAPE_MISMATCH', 'mask');
    expectR1kitError(
      () => whitenAdvantages(values, values, { preset: 'trl' as never }),
      'INVALID_ARGUMENT',
      'options.preset',
    );
    tf.dispose([values, one, wide]);
  });
});
