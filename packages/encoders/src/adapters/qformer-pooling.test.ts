import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, maxAbsDifference, randomArray } from '../../test/helpers.js';
import { QFormerFusion } from './qformer-fusion.js';
import { QFormerPooling } from './qformer-pooling.js';

describe('QFormerPooling', () => {
  it('returns one row per query and depends on step order only through the position embeddings', async () => {
    await expectNoLeak(() => {
      const pooling = new QFormerPooling({
        inputSize: 8,
        numQueries: 3,
        numLayers: 2,
        numHeads: 2,
        maxPositions: 6,
        seed: 4,
      });
      const x = tf.tensor3d(randomArray(2 * 5 * 8, 3), [2, 5, 8]);
      const reversed = tf.reverse(x, 1);
      const a = pooling.apply(x);
      const b = pooling.apply(reversed);
      expect(a.shape).toEqual([2, 3, 8]);
      const differs = maxAbsDifference(a, b);
      expect(differs).toBeGreaterThan(1e-4);
      tf.tidy(() => pooling.positions.assign(tf.zerosLike(pooling.positions)));
      const c = pooling.apply(x);
      const d = pooling.apply(reversed);
      expectAllClose(c.arraySync(), d.arraySync(), 1e-4);
      tf.dispose([x, reversed, a, b, c, d]);
      pooling.dispose();
    });
  });

  it('gives every variable a finite gradient, and the queries a non-zero one', async () => {
    await expectNoLeak(() => {
      const pooling = new QFormerPooling({ inputSize: 8, numLayers: 1, seed: 1 });
      const x = tf.tensor3d(randomArray(2 * 4 * 8, 5), [2, 4, 8]);
      const target = tf.tensor3d(randomArray(2 * 8, 6), [2, 1, 8]);
      const named = pooling.namedVariables();
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.square(tf.sub(pooling.apply(x), target))) as tf.Scalar,
        Object.values(named),
      );
      expect(Object.keys(grads).length).toBe(Object.keys(named).length);
      for (const grad of Object.values(grads))
        expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true);
      expect(Array.from(grads[pooling.queries.name]!.dataSync()).some((v) => v !== 0)).toBe(true);
      tf.dispose([x, target, value, ...Object.values(grads)]);
      pooling.dispose();
    });
  });

  it('refuses sequences longer than maxPositions and heads that do not divide the width', async () => {
    await expectNoLeak(() => {
      const pooling = new QFormerPooling({ inputSize: 8, numLayers: 1, maxPositions: 4 });
      const x = tf.zeros([1, 5, 8]) as tf.Tensor3D;
      expectR1kitError(() => pooling.apply(x), 'SHAPE_MISMATCH', /at most maxPositions \(4\)/);
      x.dispose();
      pooling.dispose();
    });
    expectR1kitError(
      () => new QFormerPooling({ inputSize: 6, numHeads: 4 }),
      'INVALID_ARGUMENT',
      /numHeads/,
    );
  });
});

describe('QFormerFusion', () => {
  it('fuses sequences of different widths and lengths into numQueries tokens', async () => {
    await expectNoLeak(() => {
      const fusion = new QFormerFusion({
        audioSize: 6,
        videoSize: 4,
        fusionSize: 8,
        numQueries: 2,
        numLayers: 1,
        seed: 2,
      });
      const audio = tf.tensor3d(randomArray(3 * 8 * 6, 1), [3, 8, 6]);
      const video = tf.tensor3d(randomArray(3 * 5 * 4, 2), [3, 5, 4]);
      const out = fusion.apply(audio, video);
      expect(out.shape).toEqual([3, 2, 8]);
      // Changing only the video must change the fused tokens.
      const video2 = tf.tidy(() => tf.mul(video, -1)) as tf.Tensor3D;
      const out2 = fusion.apply(audio, video2);
      expect(maxAbsDifference(out, out2)).toBeGreaterThan(1e-4);
      tf.dispose([audio, video, video2, out, out2]);
      fusion.dispose();
    });
  });
});
