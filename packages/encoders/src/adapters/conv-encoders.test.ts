import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, randomArray } from '../../test/helpers.js';
import { FrameConvEncoder } from './frame-conv-encoder.js';
import { Linear } from './linear.js';
import { LogMelConvEncoder } from './log-mel-conv-encoder.js';

const geluReference = (v: number) => {
  // 0.5 v (1 + erf(v / sqrt 2)), erf by Abramowitz-Stegun 7.1.26 (error < 1.5e-7).
  const z = Math.abs(v) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    t *
      (0.254829592 +
        t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-z * z);
  return 0.5 * v * (1 + Math.sign(v) * erf);
};

/** Trains encoder + linear head on a regression task; returns [initial, final] mean squared error. */
function train(
  encoder: { apply(x: tf.Tensor): tf.Tensor3D; namedVariables(): Record<string, tf.Variable> },
  head: Linear,
  inputs: tf.Tensor,
  targets: tf.Tensor,
  steps: number,
): [number, number] {
  const optimizer = tf.train.adam(0.02);
  const variables = [
    ...Object.values(encoder.namedVariables()),
    ...Object.values(head.namedVariables()),
  ];
  const loss = () =>
    tf.tidy(
      () => tf.mean(tf.square(tf.sub(head.apply(encoder.apply(inputs)), targets))) as tf.Scalar,
    );
  const read = () => {
    const value = loss();
    const number = value.dataSync()[0]!;
    value.dispose();
    return number;
  };
  const initial = read();
  for (let step = 0; step < steps; step++) optimizer.minimize(loss, false, variables);
  optimizer.dispose();
  return [initial, read()];
}

describe('LogMelConvEncoder', () => {
  it('with one 1-wide layer computes mean_t gelu(W x_t + b)', async () => {
    await expectNoLeak(() => {
      const encoder = new LogMelConvEncoder({
        melBins: 3,
        width: 2,
        numLayers: 1,
        kernelSize: 1,
        seed: 4,
      });
      const x = tf.tensor4d(randomArray(1 * 2 * 3 * 5, 2), [1, 2, 3, 5]);
      const y = encoder.apply(x);
      expect(y.shape).toEqual([1, 2, 2]);
      const { 'conv0.filter': filter, 'conv0.bias': bias } = encoder.namedVariables();
      const w = (filter!.arraySync() as number[][][])[0]!; // [in, out]
      const b = Array.from(bias!.dataSync());
      const input = (x.arraySync() as number[][][][])[0]!;
      const expected = input.map((clip) =>
        b.map((bo, o) => {
          let sum = 0;
          for (let t = 0; t < 5; t++)
            sum += geluReference(bo + clip.reduce((s, row, m) => s + row[t]! * w[m]![o]!, 0));
          return sum / 5;
        }),
      );
      expectAllClose(y.arraySync(), [expected], 1e-4);
      tf.dispose([x, y]);
      encoder.dispose();
    });
  });

  it('learns to read which mel band holds energy (loss falls at least 5x in 25 Adam steps)', async () => {
    await expectNoLeak(() => {
      const encoder = new LogMelConvEncoder({ melBins: 8, width: 16, seed: 1 });
      const head = new Linear({ inputSize: 16, outputSize: 1, seed: 2 });
      const bands = Array.from({ length: 32 }, (_, i) => i % 8);
      const inputs = tf.tidy(() => {
        const noise = tf.mul(tf.tensor(randomArray(32 * 8 * 12, 5), [32, 1, 8, 12]), 0.1);
        const bump = tf.reshape(tf.oneHot(bands, 8), [32, 1, 8, 1]);
        return tf.add(noise, tf.mul(bump, 2));
      });
      const targets = tf.tensor3d(
        bands.map((band) => band / 7),
        [32, 1, 1],
      );
      const [initial, final] = train(encoder, head, inputs, targets, 25);
      expect(final).toBeLessThan(initial / 5);
      tf.dispose([inputs, targets]);
      encoder.dispose();
      head.dispose();
    });
  });

  it('refuses the wrong number of mel bins', async () => {
    await expectNoLeak(() => {
      const encoder = new LogMelConvEncoder({ melBins: 8 });
      const x = tf.zeros([1, 1, 6, 10]) as tf.Tensor4D;
      expectR1kitError(() => encoder.apply(x), 'SHAPE_MISMATCH', /melBins \(8\)/);
      x.dispose();
      encoder.dispose();
    });
  });
});

describe('FrameConvEncoder', () => {
  it('maps a constant frame to gelu(W c + b) with one 1x1 layer', async () => {
    await expectNoLeak(() => {
      const encoder = new FrameConvEncoder({ width: 2, numLayers: 1, kernelSize: 1, seed: 3 });
      const frames = tf.tidy(() => tf.mul(tf.ones([1, 2, 6, 6, 3]), tf.tensor1d([0.2, -0.4, 0.9])));
      const y = encoder.apply(frames as tf.Tensor5D);
      expect(y.shape).toEqual([1, 2, 2]);
      const { 'conv0.filter': filter, 'conv0.bias': bias } = encoder.namedVariables();
      const w = (filter!.arraySync() as number[][][][])[0]![0]!; // [3, 2]
      const b = Array.from(bias!.dataSync());
      const token = b.map((bo, o) =>
        geluReference(bo + 0.2 * w[0]![o]! - 0.4 * w[1]![o]! + 0.9 * w[2]![o]!),
      );
      expectAllClose(y.arraySync(), [[token, token]], 1e-4);
      tf.dispose([frames, y]);
      encoder.dispose();
    });
  });

  it('learns frame brightness (loss falls at least 5x in 25 Adam steps)', async () => {
    await expectNoLeak(() => {
      const encoder = new FrameConvEncoder({ width: 8, numLayers: 2, baseChannels: 4, seed: 1 });
      const head = new Linear({ inputSize: 8, outputSize: 1, seed: 2 });
      const levels = Array.from({ length: 16 }, (_, i) => (i % 8) / 7);
      const inputs = tf.tidy(() =>
        tf.add(
          tf.mul(tf.tensor(randomArray(16 * 8 * 8 * 3, 3), [16, 1, 8, 8, 3]), 0.1),
          tf.reshape(tf.tensor1d(levels), [16, 1, 1, 1, 1]),
        ),
      );
      const targets = tf.tensor3d(levels, [16, 1, 1]);
      const [initial, final] = train(encoder, head, inputs, targets, 25);
      expect(final).toBeLessThan(initial / 5);
      tf.dispose([inputs, targets]);
      encoder.dispose();
      head.dispose();
    });
  });
});
