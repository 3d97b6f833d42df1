import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, randomArray } from '../../test/helpers.js';
import { MeanPooling } from './mean-pooling.js';
import { ScoreWeightedPooling } from './score-weighted-pooling.js';

/** Plain-JS reference: y = sum_t s_t x_t, s_t = w.x_t + b (optionally softmaxed over t). */
function reference(x: number[][][], w: number[], b: number, softmax: boolean): number[][] {
  return x.map((sequence) => {
    let scores = sequence.map((step) => step.reduce((sum, value, k) => sum + value * w[k]!, b));
    if (softmax) {
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const total = exp.reduce((a, c) => a + c, 0);
      scores = exp.map((e) => e / total);
    }
    return sequence[0]!.map((_, k) =>
      sequence.reduce((sum, step, t) => sum + scores[t]! * step[k]!, 0),
    );
  });
}

describe('ScoreWeightedPooling', () => {
  for (const softmax of [false, true]) {
    it(`matches the score-weighted sum (softmax: ${softmax})`, async () => {
      await expectNoLeak(() => {
        const pooling = new ScoreWeightedPooling({ inputSize: 4, softmax, seed: 11 });
        const x = tf.tensor3d(randomArray(2 * 5 * 4, 7), [2, 5, 4]);
        const y = pooling.apply(x);
        expect(y.shape).toEqual([2, 1, 4]);
        const w = Array.from(pooling.score.weight.dataSync());
        const b = pooling.score.bias!.dataSync()[0]!;
        const expected = reference(x.arraySync(), w, b, softmax);
        const actual = (y.arraySync() as number[][][]).map((row) => row[0]!);
        expectAllClose(actual, expected);
        tf.dispose([x, y]);
        pooling.dispose();
      });
    });
  }

  it('has gradients that match central finite differences', async () => {
    await expectNoLeak(() => {
      const pooling = new ScoreWeightedPooling({ inputSize: 3, softmax: true, seed: 2 });
      const x = tf.tensor3d(randomArray(2 * 4 * 3, 9), [2, 4, 3]);
      const target = tf.tensor3d(randomArray(2 * 3, 4), [2, 1, 3]);
      const loss = () =>
        tf.tidy(() => tf.sum(tf.square(tf.sub(pooling.apply(x), target))) as tf.Scalar);
      const { grads, value } = tf.variableGrads(loss, [pooling.score.weight]);
      const analytic = Array.from(grads[pooling.score.weight.name]!.dataSync());
      const weights = Array.from(pooling.score.weight.dataSync());
      const h = 1e-2;
      weights.forEach((_, k) => {
        const probe = (delta: number) => {
          const moved = [...weights];
          moved[k]! += delta;
          tf.tidy(() => pooling.score.weight.assign(tf.tensor2d(moved, [3, 1])));
          const l = loss();
          const number = l.dataSync()[0]!;
          l.dispose();
          return number;
        };
        const numeric = (probe(h) - probe(-h)) / (2 * h);
        expect(analytic[k]!).toBeCloseTo(numeric, 2);
      });
      tf.dispose([x, target, value, ...Object.values(grads)]);
      pooling.dispose();
    });
  });

  it('refuses a sequence of the wrong width', async () => {
    await expectNoLeak(() => {
      const pooling = new ScoreWeightedPooling({ inputSize: 4 });
      const x = tf.zeros([1, 2, 5]) as tf.Tensor3D;
      expectR1kitError(
        () => pooling.apply(x),
        'SHAPE_MISMATCH',
        /sequence must be a tensor of shape \[\*, \*, 4\]/,
      );
      x.dispose();
      pooling.dispose();
    });
  });
});

describe('MeanPooling', () => {
  it('averages over time', async () => {
    await expectNoLeak(() => {
      const x = tf.tensor3d([1, 2, 3, 5, 5, 10], [1, 3, 2]);
      const y = new MeanPooling().apply(x);
      expect(Array.from(y.dataSync())).toEqual([3, 17 / 3].map((v) => Math.fround(v)));
      tf.dispose([x, y]);
    });
  });
});
