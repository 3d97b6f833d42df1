import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectCloseArrays } from '../../test/assertions.js';
import { applyLogitsProcessors } from './apply-logits-processors.js';
import { temperatureProcessor } from './temperature.js';
import { topKProcessor } from './top-k.js';
import { topPProcessor } from './top-p.js';

describe('applyLogitsProcessors', () => {
  it('applies processors in order and leaves the input alive', async () => {
    const logits = tf.tensor2d([[Math.log(0.6), Math.log(0.3), Math.log(0.1)]]);
    const values = await expectNoLeak(() => {
      // Temperature 0.5 squares the probabilities: 0.36, 0.09, 0.01 over 0.46, so the top token
      // has mass 0.783 and top-p 0.75 keeps only it; without the temperature, 0.6 < 0.75 keeps two.
      const sharp = applyLogitsProcessors(logits, [
        temperatureProcessor({ temperature: 0.5 }),
        topPProcessor({ topP: 0.75 }),
      ]);
      const plain = applyLogitsProcessors(logits, [topPProcessor({ topP: 0.75 })]);
      const result = [sharp.arraySync()[0]!, plain.arraySync()[0]!];
      tf.dispose([sharp, plain]);
      return result;
    });
    expectCloseArrays(values[0]!, [2 * Math.log(0.6), -Infinity, -Infinity]);
    expectCloseArrays(values[1]!, [Math.log(0.6), Math.log(0.3), -Infinity]);
    expect(logits.isDisposed).toBe(false);
    logits.dispose();
  });

  it('returns a copy for an empty list', () => {
    const logits = tf.tensor2d([[1, 2]]);
    const out = applyLogitsProcessors(logits, []);
    expect(out).not.toBe(logits);
    expect(out.arraySync()).toEqual([[1, 2]]);
    tf.dispose([logits, out]);
  });

  it('reports bad logits, context and processor output', async () => {
    const logits = tf.tensor2d([[1, 2]]);
    const vector = tf.tensor1d([1, 2]);
    expect(await errorCode(() => applyLogitsProcessors(vector as never, []))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      await errorCode(() =>
        applyLogitsProcessors(logits, [topKProcessor({ topK: 1 })], {
          promptIds: [[], []],
          completionIds: [[], []],
        }),
      ),
    ).toBe('SHAPE_MISMATCH');
    const broken = { name: 'broken', process: (x: tf.Tensor2D) => tf.concat([x, x], 1) };
    const before = tf.memory().numTensors;
    expect(await errorCode(() => applyLogitsProcessors(logits, [broken]))).toBe('SHAPE_MISMATCH');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, vector]);
  });
});
