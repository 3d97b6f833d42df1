import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose, numericGradient, seededRandom } from '../test/helpers.js';
import { referenceEntropy } from '../test/reference.js';
import { entropyFromLogits } from './entropy-from-logits.js';

describe('entropyFromLogits', () => {
  it('is log(vocab) for uniform logits and 0 for a near one-hot distribution', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d([
        [0, 0, 0, 0],
        [50, 0, 0, 0],
      ]);
      const entropy = entropyFromLogits(logits);
      expectClose(entropy.dataSync(), [Math.log(4), 0], 1e-5);
      tf.dispose([logits, entropy]);
    });
  });

  it('matches the float64 formula and its finite-difference gradient, with temperature', () => {
    const random = seededRandom(5);
    const [rows, vocab] = [6, 5];
    const flat = Array.from({ length: rows * vocab }, () => random() * 6 - 3);
    const weights = Array.from({ length: rows }, () => random() + 0.5);
    for (const temperature of [1, 0.7]) {
      const f = (x: ArrayLike<number>) =>
        weights.reduce(
          (sum, w, r) =>
            sum +
            w * referenceEntropy(Array.from(x).slice(r * vocab, (r + 1) * vocab), temperature),
          0,
        );
      expectNoLeak(() => {
        const logits = tf.tensor3d(flat, [2, 3, vocab]);
        const w = tf.tensor2d(weights, [2, 3]);
        const entropy = entropyFromLogits(logits, { temperature });
        const expected = weights.map((_, r) =>
          referenceEntropy(flat.slice(r * vocab, (r + 1) * vocab), temperature),
        );
        expectClose(entropy.dataSync(), expected, 2e-6);
        const grad = tf.grad((x: tf.Tensor) =>
          tf.sum(tf.mul(entropyFromLogits(x, { temperature }), w)),
        )(logits);
        expectClose(grad.dataSync(), numericGradient(f, flat), 2e-5);
        tf.dispose([logits, w, entropy, grad]);
      });
    }
  });

  it('rejects bad temperatures and non-tensors', () => {
    const logits = tf.zeros([2, 3]);
    expectR1kitError(
      () => entropyFromLogits(logits, { temperature: -1 }),
      'INVALID_ARGUMENT',
      'options.temperature',
      'received -1',
    );
    expectR1kitError(() => entropyFromLogits([[0, 1]] as never), 'INVALID_ARGUMENT', 'logits');
    logits.dispose();
  });
});
