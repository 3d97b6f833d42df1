import { AffectGptAdapter } from '@r1kit/encoders';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { merFeatureTensors } from './mer-feature-tensors.js';
import type { MerSample } from './mer-sample.js';
import { merSoftTokens } from './mer-soft-tokens.js';

function sample(name: string, offset: number): MerSample {
  return {
    name,
    audio: Float32Array.from({ length: 6 }, (_, index) => offset + index),
    video: Float32Array.from({ length: 12 }, (_, index) => -(offset + index)),
    audioShape: [2, 3],
    videoShape: [4, 3],
    subtitle: '',
    description: '',
    labels: ['happy'],
    cues: [],
  };
}

describe('merSoftTokens', () => {
  it('equals the adapter applied to the stacked features, and frees its intermediates', () => {
    const adapter = new AffectGptAdapter({ audioSize: 3, videoSize: 3, hiddenSize: 8, seed: 2 });
    const batch = [sample('a', 0), sample('b', 50)];
    const provider = merSoftTokens({ adapter, placeholderTokenId: 7 });
    const before = tf.memory().numTensors;
    const soft = provider(batch);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(soft.placeholderTokenId).toBe(7);
    expect(Object.keys(soft).sort()).toEqual(['embeddings', 'placeholderTokenId']);
    const expected = tf.tidy(() => adapter.apply(merFeatureTensors({ samples: batch })));
    expect(soft.embeddings.shape).toEqual([2, 3, 8]);
    expect(soft.embeddings.arraySync()).toEqual(expected.arraySync());
    soft.embeddings.dispose();
    expected.dispose();
    adapter.dispose();
  });
});
