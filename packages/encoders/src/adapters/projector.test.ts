import { expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, randomArray, rows } from '../../test/helpers.js';
import { gelu } from './gelu.js';
import { Projector } from './projector.js';

describe('gelu', () => {
  it('matches x·Φ(x) at reference points', async () => {
    await expectNoLeak(() => {
      const x = tf.tensor1d([-2, -1, 0, 1, 2]);
      const y = gelu(x);
      // Φ(1) = 0.8413447461, Φ(2) = 0.9772498681 (standard normal CDF tables).
      expectAllClose(
        Array.from(y.dataSync()),
        [-2 * (1 - 0.9772498681), -(1 - 0.8413447461), 0, 0.8413447461, 2 * 0.9772498681],
        1e-5,
      );
      tf.dispose([x, y]);
    });
  });
});

describe('Projector', () => {
  it('mlp computes W2 gelu(W1 x + b1) + b2', async () => {
    await expectNoLeak(() => {
      const projector = new Projector({
        inputSize: 3,
        outputSize: 2,
        kind: 'mlp',
        hiddenSize: 4,
        seed: 8,
      });
      const x = tf.tensor2d(randomArray(6, 5), [2, 3]);
      const y = projector.apply(x);
      const layer = (w: number[][], b: number[], v: number[]) =>
        b.map((bias, o) => v.reduce((s, value, k) => s + value * w[k]![o]!, bias));
      const phi = (v: number) => {
        // Abramowitz-Stegun 7.1.26 erf, accurate to 1.5e-7.
        const t = 1 / (1 + 0.3275911 * Math.abs(v / Math.SQRT2));
        const erf =
          1 -
          t *
            (0.254829592 +
              t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
            Math.exp(-((v / Math.SQRT2) ** 2));
        return 0.5 * (1 + Math.sign(v) * erf);
      };
      const expected = rows(x).map((v) => {
        const hidden = layer(
          rows(projector.first.weight),
          Array.from(projector.first.bias!.dataSync()),
          v,
        ).map((h) => h * phi(h));
        return layer(
          rows(projector.second!.weight),
          Array.from(projector.second!.bias!.dataSync()),
          hidden,
        );
      });
      expectAllClose(y.arraySync(), expected, 1e-4);
      expect(Object.keys(projector.namedVariables())).toEqual([
        'first.weight',
        'first.bias',
        'second.weight',
        'second.bias',
      ]);
      tf.dispose([x, y]);
      projector.dispose();
    });
  });

  it('linear keeps leading axes', async () => {
    await expectNoLeak(() => {
      const projector = new Projector({ inputSize: 3, outputSize: 7 });
      const x = tf.zeros([2, 5, 3]);
      const y = projector.apply(x);
      expect(y.shape).toEqual([2, 5, 7]);
      expect(Object.keys(projector.namedVariables())).toEqual(['first.weight', 'first.bias']);
      tf.dispose([x, y]);
      projector.dispose();
    });
  });
});
