import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, randomArray, rows } from '../../test/helpers.js';
import { AttentionFusion } from './attention-fusion.js';
import type { Linear } from './linear.js';

const mean = (sequence: number[][]) =>
  sequence[0]!.map((_, k) => sequence.reduce((s, step) => s + step[k]!, 0) / sequence.length);
const dense = (layer: Linear, x: number[]) => {
  const w = rows(layer.weight);
  const b = Array.from(layer.bias!.dataSync());
  return b.map((bias, o) => x.reduce((s, v, k) => s + v * w[k]![o]!, bias));
};

describe('AttentionFusion', () => {
  for (const softmax of [false, true]) {
    it(`matches AffectGPT's formula step by step (softmax: ${softmax})`, async () => {
      await expectNoLeak(() => {
        const fusion = new AttentionFusion({
          audioSize: 6,
          videoSize: 4,
          fusionSize: 5,
          softmax,
          seed: 21,
        });
        const audio = tf.tensor3d(randomArray(2 * 3 * 6, 1), [2, 3, 6]);
        const video = tf.tensor3d(randomArray(2 * 4 * 4, 2), [2, 4, 4]);
        const out = fusion.apply(audio, video);
        expect(out.shape).toEqual([2, 1, 5]);
        const expected = (audio.arraySync() as number[][][]).map((a, i) => {
          const za = dense(fusion.audioProjection, mean(a));
          const zv = dense(fusion.videoProjection, mean((video.arraySync() as number[][][])[i]!));
          let w = dense(fusion.modalityWeights, dense(fusion.attentionMlp, [...za, ...zv]));
          if (softmax) {
            const e = w.map(Math.exp);
            w = e.map((v) => v / (e[0]! + e[1]!));
          }
          return [za.map((v, k) => w[0]! * v + w[1]! * zv[k]!)];
        });
        expectAllClose(out.arraySync(), expected, 1e-4);
        tf.dispose([audio, video, out]);
        fusion.dispose();
      });
    });
  }

  it('gives every variable a finite, non-zero gradient', async () => {
    await expectNoLeak(() => {
      const fusion = new AttentionFusion({ audioSize: 6, videoSize: 4, seed: 1 });
      const audio = tf.tensor3d(randomArray(2 * 3 * 6, 3), [2, 3, 6]);
      const video = tf.tensor3d(randomArray(2 * 4 * 4, 4), [2, 4, 4]);
      const variables = Object.values(fusion.namedVariables());
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.square(fusion.apply(audio, video))) as tf.Scalar,
        variables,
      );
      expect(Object.keys(grads)).toHaveLength(8);
      for (const grad of Object.values(grads)) {
        const values = Array.from(grad.dataSync());
        expect(values.every(Number.isFinite)).toBe(true);
        expect(values.some((v) => v !== 0)).toBe(true);
      }
      tf.dispose([audio, video, value, ...Object.values(grads)]);
      fusion.dispose();
    });
  });

  it('refuses mismatched batch sizes and widths', async () => {
    await expectNoLeak(() => {
      const fusion = new AttentionFusion({ audioSize: 6, videoSize: 4 });
      const audio = tf.zeros([2, 3, 6]) as tf.Tensor3D;
      const video = tf.zeros([3, 3, 4]) as tf.Tensor3D;
      const wide = tf.zeros([2, 3, 5]) as tf.Tensor3D;
      expectR1kitError(
        () => fusion.apply(audio, video),
        'SHAPE_MISMATCH',
        /batch size of audio \(2\)/,
      );
      expectR1kitError(
        () => fusion.apply(audio, wide),
        'SHAPE_MISMATCH',
        /video must be a tensor of shape \[\*, \*, 4\]/,
      );
      tf.dispose([audio, video, wide]);
      fusion.dispose();
    });
  });
});
