import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { topEntropyMask } from './top-entropy-mask.js';

function keep(entropies: number[][], mask: number[][], quantile: number): number[] {
  return expectNoLeak(() => {
    const e = tf.tensor2d(entropies);
    const m = tf.tensor2d(mask);
    const result = topEntropyMask(e, m, { quantile });
    const values = Array.from(result.dataSync());
    tf.dispose([e, m, result]);
    return values;
  });
}

describe('topEntropyMask (spec §2.7)', () => {
  const entropies = [[2.0, 0.5, 1.0, 0.1, 3.0]];
  const all = [[1, 1, 1, 1, 1]];
  it('rho 0.5 keeps tokens >= 1.0; rho 0.2 keeps only 3.0 (threshold 2.2); rho 1 keeps all', () => {
    expectClose(keep(entropies, all, 0.5), [1, 0, 1, 0, 1], 0);
    expectClose(keep(entropies, all, 0.2), [0, 0, 0, 0, 1], 0);
    expectClose(keep(entropies, all, 1), [1, 1, 1, 1, 1], 0);
    // Just below 2.2 is dropped, just above is kept: the interpolated threshold is 2.2.
    expectClose(
      keep([[2.0, 0.5, 1.0, 0.1, 3.0, 2.19, 2.21]], [[1, 1, 1, 1, 1, 0, 0]], 0.2),
      [0, 0, 0, 0, 1, 0, 0],
      0,
    );
  });

  it('takes the quantile over valid tokens only and never keeps masked tokens', () => {
    const padded = [
      [2.0, 0.5, 9],
      [1.0, 0.1, 3.0],
    ];
    const mask = [
      [1, 1, 0],
      [1, 1, 1],
    ];
    expectClose(keep(padded, mask, 0.5), [1, 0, 0, 1, 0, 1], 0);
  });

  it('rejects a quantile outside (0, 1], shape mismatch and an empty mask', () => {
    const e = tf.tensor1d([1, 2]);
    const m = tf.tensor1d([0, 0]);
    expectR1kitError(
      () => topEntropyMask(e, e, { quantile: 0 }),
      'INVALID_ARGUMENT',
      'options.quantile',
    );
    expectR1kitError(
      () => topEntropyMask(e, e, { quantile: 1.5 }),
      'INVALID_ARGUMENT',
      'options.quantile',
      'received 1.5',
    );
    expectR1kitError(
      () => topEntropyMask(e, m, { quantile: 0.5 }),
      'INVALID_ARGUMENT',
      'mask',
      'at least one',
    );
    const wide = tf.ones([3]);
    expectR1kitError(() => topEntropyMask(e, wide), 'SHAPE_MISMATCH', 'mask');
    tf.dispose([e, m, wide]);
  });
});
