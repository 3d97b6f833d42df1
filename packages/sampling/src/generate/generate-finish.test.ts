import type { CausalLM } from '@r1kit/lm';
import { expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestModel,
  eosTokenId,
  letterTokenizer,
  recomputeLogProbs,
} from '../../test/test-model.js';
import { allowedTokensProcessor } from '../processors/allowed-tokens.js';
import { frameConstraintProcessor } from '../processors/frame-constraint.js';
import { framePosition } from '../processors/frame-position.js';
import { thinkAnswerFrame } from '../processors/think-answer-frame.js';
import { generate } from './generate.js';
import type { GenerationProgress } from './generate-types.js';

let model: CausalLM;
beforeAll(() => {
  model = createTestModel();
});
afterAll(() => model.dispose());

/** Forces the completion to follow `script` (token by token), then leaves it free. */
function scripted(script: number[]) {
  return allowedTokensProcessor({
    allowedTokenIds: (row, context) => {
      const step = context.completionIds[row]!.length;
      return step < script.length ? [script[step]!] : [3, 4, 5];
    },
  });
}

describe('generate finish reasons', () => {
  it('stops at eos, keeps the eos token and leaves it out of the text', async () => {
    const { sequences } = await generate(model, [[7, 8]], {
      maxCompletionLength: 10,
      seed: 1,
      tokenizer: letterTokenizer,
      logitsProcessors: [scripted([3, 4, eosTokenId])],
    });
    expect(sequences[0]).toMatchObject({
      tokenIds: [3, 4, eosTokenId],
      finishReason: 'eos',
      text: 'de',
    });
    // Model eos comes from model.config.eosTokenId; null turns it off.
    const off = await generate(model, [[7, 8]], {
      maxCompletionLength: 5,
      seed: 1,
      eosTokenId: null,
      logitsProcessors: [scripted([3, 4, eosTokenId])],
    });
    expect(off.sequences[0]!.finishReason).toBe('length');
    expect(off.sequences[0]!.tokenIds).toHaveLength(5);
  });

  it('stops at a token stop sequence and at a string stop, cutting the text after it', async () => {
    const tokens = await generate(model, [[7, 8]], {
      maxCompletionLength: 10,
      seed: 1,
      stop: [[4, 5]],
      logitsProcessors: [scripted([3, 4, 4, 5, 3])],
    });
    expect(tokens.sequences[0]).toMatchObject({ tokenIds: [3, 4, 4, 5], finishReason: 'stop' });
    // Token 30 decodes to 'e' as well; the string 'ee' matches across tokens 4 and 30.
    const text = await generate(model, [[7, 8]], {
      maxCompletionLength: 10,
      seed: 1,
      stop: ['ee'],
      tokenizer: letterTokenizer,
      logitsProcessors: [scripted([3, 4, 30, 5])],
    });
    expect(text.sequences[0]).toMatchObject({
      tokenIds: [3, 4, 30],
      finishReason: 'stop',
      text: 'dee',
    });
  });

  it('finishes rows independently and pads finished rows', async () => {
    const { sequences } = await generate(model, [[7], [9, 9, 9]], {
      maxCompletionLength: 6,
      seed: 3,
      logitsProcessors: [
        allowedTokensProcessor({
          // Row 0 ends after two tokens; row 1 never sees eos.
          allowedTokenIds: (row, context) =>
            row === 0 && context.completionIds[0]!.length === 1 ? [eosTokenId] : [3, 4, 5, 6],
        }),
      ],
    });
    expect(sequences.map((s) => [s.tokenIds.length, s.finishReason])).toEqual([
      [2, 'eos'],
      [6, 'length'],
    ]);
  });
});

describe('generate with a frame constraint', () => {
  it('produces <think>...</think><answer>...</answer> then eos', async () => {
    const tags = { thinkOpen: [40], thinkClose: [41, 42], answerOpen: [43], answerClose: [44] };
    const segments = thinkAnswerFrame({ ...tags, maxThinkTokens: 5, maxAnswerTokens: 3 });
    const { sequences } = await generate(model, [[7, 8], [9]], {
      maxCompletionLength: 20,
      numGenerations: 3,
      seed: 2,
      logitsProcessors: [frameConstraintProcessor({ segments, eosTokenId })],
    });
    for (const s of sequences) {
      expect(s.finishReason).toBe('eos');
      expect(s.tokenIds[0]).toBe(40);
      expect(framePosition(segments, s.tokenIds.slice(0, -1))).toEqual({
        segment: segments.length,
        offset: 0,
        violated: false,
      });
      expect(s.tokenIds.slice(-2)).toEqual([44, eosTokenId]);
      // Forced tokens have sampling probability 1.
      expect(s.samplingLogProbs[0]).toBeCloseTo(0, 5);
    }
  });
});

describe('generate with soft tokens', () => {
  it('uses one embedding row per prompt, repeated over the group, cached or not', async () => {
    const placeholder = 47;
    const prompts = [
      [5, placeholder, placeholder, 6],
      [placeholder, placeholder, 9],
    ];
    const embeddings = tf.tidy(
      () => tf.mul(tf.randomNormal([2, 2, 32], 0, 1, 'float32', 4), 2) as tf.Tensor3D,
    );
    const softTokens = { placeholderTokenId: placeholder, embeddings };
    const options = { maxCompletionLength: 6, numGenerations: 2, seed: 8, softTokens };
    const [cached, uncached] = await expectNoLeak(() =>
      Promise.all([
        generate(model, prompts, options),
        generate(model, prompts, { ...options, useCache: false }),
      ]),
    );
    expect(cached.sequences.map((s) => s.tokenIds)).toEqual(
      uncached.sequences.map((s) => s.tokenIds),
    );
    const rowEmbeddings = tf.gather(embeddings, [0, 0, 1, 1]) as tf.Tensor3D;
    const expected = recomputeLogProbs(
      model,
      cached.sequences.map((s) => prompts[s.promptIndex]!),
      cached.sequences.map((s) => s.tokenIds),
      1,
      { placeholderTokenId: placeholder, embeddings: rowEmbeddings },
    );
    cached.sequences.forEach((s, r) => {
      expected[r]!.forEach((lp, t) => {
        expect(s.logProbs[t]).toBeCloseTo(lp, 4);
      });
    });
    tf.dispose([embeddings, rowEmbeddings]);
  });
});

describe('generate progress', () => {
  it('reports every step', async () => {
    const seen: GenerationProgress[] = [];
    await generate(model, [[7]], {
      maxCompletionLength: 3,
      numGenerations: 2,
      seed: 0,
      eosTokenId: null,
      onProgress: (progress) => seen.push(progress),
    });
    expect(seen).toEqual([
      { step: 1, maxCompletionLength: 3, finished: 0, total: 2 },
      { step: 2, maxCompletionLength: 3, finished: 0, total: 2 },
      { step: 3, maxCompletionLength: 3, finished: 2, total: 2 },
    ]);
  });
});
