import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomArray, rows } from '../../test/helpers.js';
import { Linear } from './linear.js';

describe('Linear', () => {
  it('computes x W + b over the last axis of a rank-3 input', async () => {
    await expectNoLeak(() => {
      const layer = new Linear({ inputSize: 3, outputSize: 2, seed: 5 });
      const x = tf.tensor3d(randomArray(12, 1), [2, 2, 3]);
      const y = layer.apply(x);
      expect(y.shape).toEqual([2, 2, 2]);
      const w = rows(layer.weight);
      const b = Array.from(layer.bias!.dataSync());
      const input = x.arraySync();
      const output = y.arraySync();
      for (let i = 0; i < 2; i++)
        for (let t = 0; t < 2; t++)
          for (let o = 0; o < 2; o++) {
            let expected = b[o]!;
            for (let k = 0; k < 3; k++) expected += input[i]![t]![k]! * w[k]![o]!;
            expect(output[i]![t]![o]).toBeCloseTo(expected, 5);
          }
      tf.dispose([x, y]);
      layer.dispose();
    });
  });

  it('initialises within ±1/sqrt(inputSize), deterministically per seed', async () => {
    await expectNoLeak(() => {
      const a = new Linear({ inputSize: 16, outputSize: 8, seed: 3 });
      const b = new Linear({ inputSize: 16, outputSize: 8, seed: 3 });
      const c = new Linear({ inputSize: 16, outputSize: 8, seed: 4 });
      const values = Array.from(a.weight.dataSync());
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.25);
      expect(Array.from(b.weight.dataSync())).toEqual(values);
      expect(Array.from(c.weight.dataSync())).not.toEqual(values);
      for (const layer of [a, b, c]) layer.dispose();
    });
  });

  it('refuses a non-integer size', () => {
    expectR1kitError(
      () => new Linear({ inputSize: 2.5, outputSize: 2 }),
      'INVALID_ARGUMENT',
      /options.inputSize/,
    );
  });
});
