import { describe, expect, it } from 'vitest';
import { modelParameterCount } from './estimate-memory.js';

describe('modelParameterCount', () => {
  it('counts a Qwen2.5-7B-shaped model at its published 7.6B parameters', () => {
    // config.json of Qwen2.5-7B: hidden 3584, 28 layers, 28 heads, 4 KV heads, MLP 18944,
    // vocabulary 152064, untied head (counted here once: the estimate is a floor for it).
    const { base } = modelParameterCount({
      hiddenSize: 3584,
      layers: 28,
      heads: 28,
      keyValueHeads: 4,
      intermediateSize: 18944,
      vocabSize: 152064,
      loraRank: 0,
    });
    // Published: 7.61B in all, 6.53B without embeddings; embeddings 152064 x 3584 = 0.545B.
    expect(base - 152064 * 3584).toBeGreaterThan(6.5e9);
    expect(base - 152064 * 3584).toBeLessThan(6.56e9);
  });

  it('counts LoRA weights as rank x (in + out) on the seven projections', () => {
    const shape = { hiddenSize: 8, layers: 1, heads: 2, vocabSize: 10, loraRank: 2 };
    // kv width 8, intermediate 16: q,o 2*(8+8); k,v 2*(8+8); gate,up 2*(8+16); down (16+8).
    expect(modelParameterCount(shape).lora).toBe(2 * (4 * 16 + 3 * 24));
    expect(modelParameterCount(shape).base).toBe(10 * 8 + 4 * 64 + 3 * 8 * 16);
  });
});
