import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { type AggregateLossOptions, aggregateLoss } from './aggregate-loss.js';

const valuesRows = [
  [1, 2, 9],
  [3, 9, 9],
  [9, 9, 9],
];
const maskRows = [
  [1, 1, 0],
  [1, 0, 0],
  [0, 0, 0],
];

function aggregate(options: AggregateLossOptions): number {
  return expectNoLeak(() => {
    const values = tf.tensor2d(valuesRows);
    const mask = tf.tensor2d(maskRows);
    const result = aggregateLoss(values, mask, options);
    const value = result.dataSync()[0]!;
    tf.dispose([values, mask, result]);
    return value;
  });
}

describe('aggregateLoss', () => {
  it('computes each loss type by hand (valid tokens 1, 2 | 3 | none)', () => {
    expectClose(aggregate({ lossType: 'dapo' }), 2, 1e-7);
    expectClose(aggregate({ lossType: 'token-sum' }), 6, 1e-7);
    // Three sequences counted (TRL) or two non-empty ones (verl).
    expectClose(aggregate({ lossType: 'grpo' }), (1.5 + 3) / 3, 1e-7);
    expectClose(aggregate({ lossType: 'grpo', countEmptySequences: false }), (1.5 + 3) / 2, 1e-7);
    expectClose(aggregate({ lossType: 'seq-mean-token-sum', countEmptySequences: false }), 3, 1e-7);
    expectClose(aggregate({ lossType: 'dr_grpo' }), 6 / 3 / 3, 1e-7);
    expectClose(
      aggregate({
        lossType: 'dr_grpo',
        maxCompletionLength: 10,
        countEmptySequences: false,
      }),
      6 / 2 / 10,
      1e-7,
    );
  });

  it('rejects mismatched shapes, unknown loss types and bad lengths', () => {
    const values = tf.zeros([2, 3]);
    const mask = tf.zeros([2, 2]);
    expectR1kitError(() => aggregateLoss(values, mask), 'SHAPE_MISMATCH', 'mask', '[2, 3]');
    expectR1kitError(
      () => aggregateLoss(values, values, { lossType: 'mean' as never }),
      'INVALID_ARGUMENT',
      'options.lossType',
    );
    expectR1kitError(
      () => aggregateLoss(values, values, { maxCompletionLength: 1.5 }),
      'INVALID_ARGUMENT',
      'options.maxCompletionLength',
    );
    tf.dispose([values, mask]);
  });
});
