import { AffectGptAdapter } from '@r1kit/encoders';
import { createCausalLM } from '@r1kit/lm';
import { generate } from '@r1kit/sampling';
import { trainBpe } from '@r1kit/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

// tokenizer -> LM -> encoders -> sampling: AffectGPT's three soft tokens enter a Qwen2-style
// model through placeholder tokens of a BPE tokenizer trained with special tokens.
const specials = ['<|end|>', '<|soft|>', '<answer>', '</answer>'];
const tokenizer = trainBpe(
  ['subtitle: hello there <answer>happy</answer>', 'subtitle: go away <answer>angry</answer>'],
  {
    vocabSize: 280,
    specialTokens: specials,
  },
);
const soft = tokenizer.tokenToId('<|soft|>') as number;
const end = tokenizer.tokenToId('<|end|>') as number;
const config = {
  modelType: 'qwen2' as const,
  vocabSize: tokenizer.vocabSize,
  hiddenSize: 16,
  intermediateSize: 32,
  numHiddenLayers: 1,
  numAttentionHeads: 2,
  numKeyValueHeads: 1,
  maxPositionEmbeddings: 64,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  attentionBias: true,
  eosTokenId: end,
};

describe('tokenizer + lm + encoders + sampling', () => {
  it('keeps special tokens whole, so three placeholders are three ids', () => {
    const ids = tokenizer.encode('<|soft|><|soft|><|soft|>subtitle: hello', {
      addSpecialTokens: false,
    });
    expect(ids.slice(0, 3)).toEqual([soft, soft, soft]);
    expect(tokenizer.decode(ids)).toBe('<|soft|><|soft|><|soft|>subtitle: hello');
  });

  it('routes features into the logits through the adapter, generates deterministically, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const model = createCausalLM({ config, seed: 1 });
    const adapter = new AffectGptAdapter({ audioSize: 4, videoSize: 6, hiddenSize: 16, seed: 1 });
    const prompt = tokenizer.encode('<|soft|><|soft|><|soft|>subtitle: hello', {
      addSpecialTokens: false,
    });
    const features = (value: number) => ({
      audio: tf.fill([1, 8, 4], value) as tf.Tensor3D,
      video: tf.fill([1, 8, 6], -value) as tf.Tensor3D,
    });
    const lastLogits = (value: number) =>
      tf.tidy(() => {
        const embeddings = adapter.apply(features(value));
        expect(embeddings.shape).toEqual([1, 3, 16]);
        const { logits } = model.forward({
          inputIds: tf.tensor2d([prompt], [1, prompt.length], 'int32'),
          softTokens: { placeholderTokenId: soft, embeddings },
        });
        return Array.from(
          logits.slice([0, prompt.length - 1, 0], [1, 1, config.vocabSize]).dataSync(),
        );
      });
    const a = lastLogits(1);
    const b = lastLogits(-1);
    expect(a.some((value, index) => Math.abs(value - (b[index] as number)) > 1e-4)).toBe(true);
    const run = async (value: number) => {
      const embeddings = tf.tidy(() => adapter.apply(features(value)));
      try {
        const result = await generate(model, [prompt], {
          maxCompletionLength: 6,
          numGenerations: 3,
          seed: 4,
          softTokens: { placeholderTokenId: soft, embeddings },
          tokenizer: { decode: (ids) => tokenizer.decode(ids) },
        });
        return result.sequences.map((sequence) => sequence.tokenIds);
      } finally {
        embeddings.dispose();
      }
    };
    const first = await run(1);
    expect(first).toHaveLength(3);
    expect(await run(1)).toEqual(first);
    model.dispose();
    adapter.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
