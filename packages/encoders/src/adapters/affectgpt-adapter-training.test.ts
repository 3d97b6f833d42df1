import { expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomArray } from '../../test/helpers.js';
import { AffectGptAdapter } from './affectgpt-adapter.js';
import type { AffectGptAdapterOptions } from './affectgpt-adapter-options.js';

/** Trains a student adapter to reproduce a teacher's tokens; returns [initial, final] loss. */
function distil(options: AffectGptAdapterOptions, steps: number): [number, number] {
  const teacher = new AffectGptAdapter({ ...options, seed: 99 });
  const student = new AffectGptAdapter({ ...options, seed: 1 });
  const audio = tf.tensor3d(randomArray(32 * 4 * options.audioSize, 1), [32, 4, options.audioSize]);
  const video = tf.tensor3d(randomArray(32 * 4 * options.videoSize, 2), [32, 4, options.videoSize]);
  const target = teacher.apply({ audio, video });
  const optimizer = tf.train.adam(0.02);
  const loss = () =>
    tf.tidy(() => tf.mean(tf.square(tf.sub(student.apply({ audio, video }), target))) as tf.Scalar);
  const initial = loss();
  const first = initial.dataSync()[0]!;
  initial.dispose();
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(loss, false, student.trainableVariables());
  }
  const final = loss();
  const last = final.dataSync()[0]!;
  final.dispose();
  optimizer.dispose();
  tf.dispose([audio, video, target]);
  teacher.dispose();
  student.dispose();
  return [first, last];
}

describe('AffectGptAdapter training', () => {
  it('learns a teacher adapter (attention pooling and fusion): loss falls at least 10x in 80 Adam steps', async () => {
    await expectNoLeak(() => {
      const [initial, final] = distil({ audioSize: 8, videoSize: 6, hiddenSize: 12 }, 80);
      expect(Number.isFinite(final)).toBe(true);
      expect(final).toBeLessThan(initial / 10);
    });
  });

  it('learns a teacher adapter (Q-Former pooling and fusion, MLP projector): loss falls at least 10x in 20 Adam steps', async () => {
    await expectNoLeak(() => {
      const options: AffectGptAdapterOptions = {
        audioSize: 8,
        videoSize: 8,
        hiddenSize: 12,
        pooling: 'qformer',
        fusion: 'qformer',
        projector: 'mlp',
        qformerLayers: 1,
      };
      const [initial, final] = distil(options, 20);
      expect(final).toBeLessThan(initial / 10);
    });
  });
});
