import { createCausalLM } from '@r1kit/lm';
import { buildBatch } from '@r1kit/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { completionLoss, countScoredTokens } from './completion-loss.js';

describe('completionLoss', () => {
  it('equals the masked next-token NLL computed from the full forward pass', () => {
    const model = createCausalLM({
      seed: 2,
      initializerRange: 0.3,
      config: {
        modelType: 'qwen2',
        vocabSize: 11,
        hiddenSize: 8,
        intermediateSize: 16,
        numHiddenLayers: 1,
        numAttentionHeads: 2,
        numKeyValueHeads: 1,
        maxPositionEmbeddings: 32,
        ropeTheta: 10000,
        rmsNormEps: 1e-6,
        tieWordEmbeddings: false,
        attentionBias: true,
      },
    });
    const before = tf.memory().numTensors;
    const batch = buildBatch(
      [
        { inputIds: [1, 4, 5, 6, 7, 2], completionMask: [0, 0, 0, 1, 1, 1] },
        { inputIds: [1, 3, 8, 2], completionMask: [0, 0, 1, 1] },
      ],
      { padTokenId: 0 },
    );
    expect(countScoredTokens(batch)).toBe(5);
    const logits = tf.tidy(() =>
      model
        .forward({
          inputIds: tf.tensor2d(batch.inputIds, undefined, 'int32'),
          attentionMask: tf.tensor2d(batch.attentionMask, undefined, 'int32'),
        })
        .logits.arraySync(),
    );
    let total = 0;
    batch.inputIds.forEach((ids, row) => {
      for (let t = 1; t < ids.length; t += 1) {
        if (!batch.completionMask[row]![t]) continue;
        const scores = logits[row]![t - 1]!;
        const max = Math.max(...scores);
        const logSum =
          max + Math.log(scores.reduce((sum, value) => sum + Math.exp(value - max), 0));
        total += logSum - scores[ids[t]!]!;
      }
    });
    const value = tf.tidy(() => completionLoss(model, batch).dataSync()[0]!);
    expect(value).toBeCloseTo(total / 5, 5);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
