import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, numericGradient, seededRandom } from '../test/helpers.js';
import { referenceLogSoftmax } from '../test/reference.js';
import { tokenLogProbs } from './token-log-probs.js';

const random = seededRandom(3);
const [batch, time, vocab] = [2, 3, 7];
const logitsFlat = Array.from({ length: batch * time * vocab }, () => random() * 6 - 3);
const targets = [
  [0, 6, 3],
  [2, 2, 5],
];
const upstream = Array.from({ length: batch * time }, () => random() * 2 - 1);

/** Σ upstream·logp in float64, the function whose gradient is checked. */
function reference(flat: ArrayLike<number>, temperature: number): number {
  let total = 0;
  targets.flat().forEach((target, i) => {
    const row = Array.from(flat).slice(i * vocab, (i + 1) * vocab);
    total += upstream[i]! * referenceLogSoftmax(row, temperature)[target]!;
  });
  return total;
}

function valueAndGradient(temperature: number) {
  return expectNoLeak(() => {
    const logits = tf.tensor3d(logitsFlat, [batch, time, vocab]);
    const ids = tf.tensor2d(targets, undefined, 'int32');
    const weights = tf.tensor2d(upstream, [batch, time]);
    const logp = tokenLogProbs(logits, ids, { temperature });
    const grad = tf.grad((x: tf.Tensor) =>
      tf.sum(tf.mul(tokenLogProbs(x, ids, { temperature }), weights)),
    )(logits);
    const result = {
      logp: Array.from(logp.dataSync()),
      shape: logp.shape,
      grad: Array.from(grad.dataSync()),
    };
    tf.dispose([logits, ids, weights, logp, grad]);
    return result;
  });
}

function expectMatchesReference(temperature: number) {
  const { logp, shape, grad } = valueAndGradient(temperature);
  expect(shape).toEqual([batch, time]);
  const expected = targets
    .flat()
    .map(
      (target, i) =>
        referenceLogSoftmax(logitsFlat.slice(i * vocab, (i + 1) * vocab), temperature)[target]!,
    );
  expectClose(logp, expected, 2e-6);
  expectClose(
    grad,
    numericGradient((x) => reference(x, temperature), logitsFlat),
    2e-5,
  );
}

describe('tokenLogProbs', () => {
  for (const temperature of [1, 0.6, 1.7]) {
    it(`matches log_softmax(logits / ${temperature}) and its finite-difference gradient on cpu`, () => {
      expectMatchesReference(temperature);
    });
  }

  it('accepts nested arrays of ids and rank-2 logits', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d([
        [2, 1, 0],
        [0, 0, 3],
      ]);
      const logp = tokenLogProbs(logits, [0, 2]);
      const expected = [referenceLogSoftmax([2, 1, 0])[0]!, referenceLogSoftmax([0, 0, 3])[2]!];
      expectClose(logp.dataSync(), expected, 1e-6);
      tf.dispose([logits, logp]);
    });
  });

  it('rejects bad ids, shapes and temperatures naming the argument', () => {
    const logits = tf.zeros([2, 3, 4]);
    const vector = tf.zeros([4]);
    expectR1kitError(
      () =>
        tokenLogProbs(logits, [
          [0, 1, 4],
          [0, 0, 0],
        ]),
      'INVALID_ARGUMENT',
      'targetIds',
      '[0, 4)',
      'received 4',
    );
    expectR1kitError(
      () =>
        tokenLogProbs(logits, [
          [0, 1, -1],
          [0, 0, 0],
        ]),
      'INVALID_ARGUMENT',
      'targetIds',
    );
    expectR1kitError(
      () =>
        tokenLogProbs(logits, [
          [0, 1],
          [0, 0],
        ]),
      'SHAPE_MISMATCH',
      'targetIds',
      '[2, 3]',
    );
    expectR1kitError(
      () => tokenLogProbs(logits, [[0, 1, 2]], { temperature: 0 }),
      'INVALID_ARGUMENT',
      'options.temperature',
    );
    expectR1kitError(() => tokenLogProbs(vector, [0]), 'SHAPE_MISMATCH', 'logits', 'rank >= 2');
    tf.dispose([logits, vector]);
  });
});

describe('tokenLogProbs on the wasm backend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('computes values and the gradient without a gather gradient kernel', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expectMatchesReference(0.8);
    await tf.setBackend('cpu');
  });
});
