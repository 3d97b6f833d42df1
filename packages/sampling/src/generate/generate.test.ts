import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createTinyCausalLM } from '../../test/tiny-causal-lm.js';
import { generate } from './generate.js';

const model = createTinyCausalLM({ vocabSize: 32, hiddenSize: 16, seed: 1, eosTokenId: 2 });
afterAll(() => model.dispose());

const prompts = [
  [5, 6, 7, 8],
  [9, 10],
];

describe('generate', () => {
  it('gives identical tokens and log-probs with and without the KV cache', async () => {
    const before = tf.memory().numTensors;
    const options = { maxNewTokens: 12, numReturnSequences: 3, temperature: 1, seed: 7 };
    const cached = await generate(model, prompts, options);
    const uncached = await generate(model, prompts, { ...options, useCache: false });
    expect(cached.sequences).toHaveLength(6);
    expect(cached.sequences.map((s) => s.tokenIds)).toEqual(
      uncached.sequences.map((s) => s.tokenIds),
    );
    cached.sequences.forEach((s, i) => {
      const other = uncached.sequences[i]!;
      s.logProbs.forEach((lp, t) => expect(lp).toBeCloseTo(other.logProbs[t]!, 4));
    });
    console.log(cached.sequences.map((s) => `${s.tokenIds.join(',')} ${s.finishReason}`));
    expect(tf.memory().numTensors).toBe(before);
  });
});
