import { createCausalLM } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { RolloutRequest } from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';

describe('InProcessRolloutEngine', () => {
  it('samples grouped completions reproducibly, restores its RNG state and leaves the request soft tokens to the caller', async () => {
    const model = createCausalLM({
      seed: 1,
      initializerRange: 0.5,
      config: {
        modelType: 'qwen2',
        vocabSize: 12,
        hiddenSize: 8,
        intermediateSize: 16,
        numHiddenLayers: 1,
        numAttentionHeads: 2,
        numKeyValueHeads: 1,
        maxPositionEmbeddings: 32,
        ropeTheta: 10000,
        rmsNormEps: 1e-6,
        tieWordEmbeddings: true,
        attentionBias: true,
        eosTokenId: 2,
      },
    });
    const embeddings = tf.tidy(
      () => tf.stack([tf.ones([1, 8]), tf.fill([1, 8], -1)]) as tf.Tensor3D,
    );
    const before = tf.memory().numTensors;
    const make = () =>
      new InProcessRolloutEngine<number>({
        model,
        seed: 9,
        tokenizer: { decode: (ids) => ids.join(',') },
      });
    const request: RolloutRequest<number> = {
      prompts: [
        { promptIds: [1, 11, 3], payload: 1 },
        { promptIds: [1, 11, 4, 5], payload: -1 },
      ],
      numGenerations: 3,
      maxCompletionLength: 4,
      temperature: 1,
      topP: 1,
      topK: 0,
      softTokens: { placeholderTokenId: 11, embeddings },
    };
    const a = make();
    const first = await a.rollout(request);
    expect(first.map((c) => c.promptIndex)).toEqual([0, 0, 0, 1, 1, 1]);
    for (const completion of first) {
      expect(completion.completionIds.length).toBeGreaterThan(0);
      expect(completion.completionIds.length).toBeLessThanOrEqual(4);
      expect(completion.finishReason === 'length').toBe(completion.completionIds.at(-1) !== 2);
    }
    expect(first[0]!.text).toBe(first[0]!.completionIds.filter((id) => id !== 2).join(','));
    const saved = JSON.parse(JSON.stringify(a.getState()));
    const second = await a.rollout(request);
    expect(await make().rollout(request)).toEqual(first);
    const b = make();
    b.setState(saved);
    expect(await b.rollout(request)).toEqual(second);
    expect(tf.memory().numTensors).toBe(before);
    expect(embeddings.isDisposed).toBe(false);
    embeddings.dispose();
    model.dispose();
  });
});
