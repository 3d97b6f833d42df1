import { R1kitError, RandomGenerator } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import { createTinyCausalLM, expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestModel, eosTokenId, recomputeLogProbs } from '../../test/test-model.js';
import { logitBiasProcessor } from '../processors/logit-bias.js';
import { generate } from './generate.js';

let model: CausalLM;
beforeAll(() => {
  model = createTestModel();
});
afterAll(() => model.dispose());

const prompts = [
  [5, 6, 7, 8, 9],
  [11, 12],
  [20, 21, 22],
];

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i += 1) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tolerance);
  }
}

describe('generate with the KV cache', () => {
  it('gives the same tokens and log-probs as recomputation, without leaking', async () => {
    const options = { maxCompletionLength: 12, numGenerations: 3, temperature: 0.8, topP: 0.95 };
    const [cached, uncached] = await expectNoLeak(() =>
      Promise.all([
        generate(model, prompts, { ...options, seed: 11 }),
        generate(model, prompts, { ...options, seed: 11, useCache: false }),
      ]),
    );
    expect(cached.sequences).toHaveLength(9);
    expect(cached.sequences.map((s) => s.tokenIds)).toEqual(
      uncached.sequences.map((s) => s.tokenIds),
    );
    expect(cached.sequences.map((s) => s.finishReason)).toEqual(
      uncached.sequences.map((s) => s.finishReason),
    );
    cached.sequences.forEach((s, i) => {
      expectClose(s.logProbs, uncached.sequences[i]!.logProbs);
    });
    // The group of a prompt is not four copies of one completion.
    const firstGroup = cached.sequences.slice(0, 3).map((s) => s.tokenIds.join(','));
    expect(new Set(firstGroup).size).toBeGreaterThan(1);
  });
});

describe('generate with sequences finishing at different steps', () => {
  it('drops finished rows from the batch without changing any sequence', async () => {
    // A bias on eos makes sequences end at scattered steps, so the batch shrinks several times.
    const options = {
      maxCompletionLength: 12,
      numGenerations: 4,
      seed: 4,
      logitsProcessors: [logitBiasProcessor({ bias: { [eosTokenId]: 2.5 } })],
    };
    const [cached, uncached] = await expectNoLeak(() =>
      Promise.all([
        generate(model, prompts, options),
        generate(model, prompts, { ...options, useCache: false }),
      ]),
    );
    const lengths = new Set(cached.sequences.map((s) => s.tokenIds.length));
    expect(lengths.size).toBeGreaterThan(2);
    expect(cached.sequences.some((s) => s.finishReason === 'eos')).toBe(true);
    expect(cached.sequences.map((s) => s.tokenIds)).toEqual(
      uncached.sequences.map((s) => s.tokenIds),
    );
    const expected = recomputeLogProbs(
      model,
      cached.sequences.map((s) => prompts[s.promptIndex]!),
      cached.sequences.map((s) => s.tokenIds),
      1,
    );
    cached.sequences.forEach((s, r) => {
      expectClose(s.logProbs, expected[r]!);
    });
  });
});

describe('generate log-probabilities', () => {
  it('logProbs equal log_softmax(logits / temperature) recomputed by a forward pass', async () => {
    const temperature = 0.7;
    const { sequences } = await generate(model, prompts, {
      maxCompletionLength: 12,
      numGenerations: 2,
      temperature,
      seed: 5,
    });
    const rowPrompts = sequences.map((s) => prompts[s.promptIndex]!);
    const expected = recomputeLogProbs(
      model,
      rowPrompts,
      sequences.map((s) => s.tokenIds),
      temperature,
    );
    sequences.forEach((s, r) => {
      expectClose(s.logProbs, expected[r]!);
      // No processor truncates the distribution, so what was sampled from is the same.
      expectClose(s.samplingLogProbs, expected[r]!);
    });
  });

  it('samplingLogProbs are those of the processed distribution, logProbs of the model', async () => {
    const topK = 3;
    const { sequences } = await generate(model, [prompts[0]!], {
      maxCompletionLength: 10,
      numGenerations: 3,
      topK,
      seed: 9,
    });
    const completions = sequences.map((s) => s.tokenIds);
    const full = recomputeLogProbs(model, [prompts[0]!, prompts[0]!, prompts[0]!], completions, 1);
    sequences.forEach((s, r) => {
      expectClose(s.logProbs, full[r]!);
      s.tokenIds.forEach((_, t) => {
        // Renormalised over the top 3 tokens: log p - log(sum of the top-3 probabilities).
        const distribution = nextTokenLogProbs(prompts[0]!, s.tokenIds.slice(0, t));
        const top = [...distribution].sort((a, b) => b - a).slice(0, topK);
        const mass = Math.log(top.reduce((sum, lp) => sum + Math.exp(lp), 0));
        expect(distribution[s.tokenIds[t]!]!).toBeGreaterThanOrEqual(top[topK - 1]! - 1e-6);
        expect(Math.abs(s.samplingLogProbs[t]! - (s.logProbs[t]! - mass))).toBeLessThan(1e-4);
      });
    });
  });
});

/** The model's next-token log-probabilities after `prompt` + `completion`. */
function nextTokenLogProbs(prompt: number[], completion: number[]): number[] {
  const out = tf.tidy(() => {
    const ids = tf.tensor2d([[...prompt, ...completion]], undefined, 'int32');
    const { logits } = model.forward({ inputIds: ids });
    const time = logits.shape[1];
    return tf.logSoftmax(tf.reshape(tf.slice(logits, [0, time - 1, 0], [1, 1, -1]), [1, -1]));
  });
  const values = out.arraySync() as number[][];
  out.dispose();
  return values[0]!;
}

describe('generate determinism', () => {
  it('is reproducible under a seed and follows a given rng', async () => {
    const options = { maxCompletionLength: 8, numGenerations: 2 };
    const a = await generate(model, prompts, { ...options, seed: 42 });
    const b = await generate(model, prompts, { ...options, seed: 42 });
    const c = await generate(model, prompts, { ...options, seed: 43 });
    const ids = (r: typeof a) => r.sequences.map((s) => s.tokenIds);
    expect(ids(b)).toEqual(ids(a));
    expect(ids(c)).not.toEqual(ids(a));
    const rng = RandomGenerator.fromSeed(42);
    expect(ids(await generate(model, prompts, { ...options, rng }))).toEqual(ids(a));
    // The rng advanced: resuming from its saved state continues the same stream.
    const saved = rng.getState();
    const next = await generate(model, prompts, { ...options, rng });
    const resumed = await generate(model, prompts, {
      ...options,
      rng: RandomGenerator.fromState(saved),
    });
    expect(ids(resumed)).toEqual(ids(next));
    expect(ids(next)).not.toEqual(ids(a));
  });

  it('left padding does not change a prompt’s greedy completion', async () => {
    const options = { maxCompletionLength: 10, temperature: 0, eosTokenId: null };
    const alone = await generate(model, [prompts[1]!], options);
    const batched = await generate(model, prompts, options);
    expect(batched.sequences[1]!.tokenIds).toEqual(alone.sequences[0]!.tokenIds);
  });

  it('greedy decoding picks the argmax of the model distribution', async () => {
    const { sequences } = await generate(model, [prompts[2]!], {
      maxCompletionLength: 6,
      temperature: 0,
      eosTokenId: null,
    });
    const [s] = sequences;
    s!.tokenIds.forEach((token, t) => {
      const distribution = nextTokenLogProbs(prompts[2]!, s!.tokenIds.slice(0, t));
      expect(token).toBe(distribution.indexOf(Math.max(...distribution)));
      expect(s!.logProbs[t]).toBeCloseTo(distribution[token]!, 4);
    });
    expect(Array.from(s!.samplingLogProbs)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s!.finishReason).toBe('length');
  });
});

describe('generate memory', () => {
  it('leaks no tensor across 50 calls', async () => {
    await expectNoLeak(async () => {
      for (let i = 0; i < 50; i += 1) {
        await generate(model, [prompts[i % 3]!, [7]], {
          maxCompletionLength: 3,
          numGenerations: 2,
          seed: i,
          useCache: i % 2 === 0,
        });
      }
    });
  });

  it('frees everything when a step throws', async () => {
    const failing = {
      name: 'failing',
      process: () => {
        throw new Error('boom');
      },
    };
    await expectNoLeak(() =>
      expect(
        generate(model, prompts, { maxCompletionLength: 4, logitsProcessors: [failing] }),
      ).rejects.toThrow('boom'),
    );
  });

  it('refuses, before any work, a generation that would not fit in the backend memory', async () => {
    const wide = createTinyCausalLM({
      config: {
        vocabSize: 48,
        hiddenSize: 32,
        intermediateSize: 64,
        maxPositionEmbeddings: 1 << 20,
      },
    });
    await expectNoLeak(async () => {
      const failure = await generate(wide, [[5, 6, 7]], {
        maxCompletionLength: 400_000,
        numGenerations: 64,
      }).catch((error: unknown) => error);
      expect(R1kitError.isInstance(failure) && failure.code).toBe('OUT_OF_MEMORY');
      expect((failure as Error).message).toMatch(
        /^generate: 64 sequences of up to 400003 tokens needs about [\d.]+ GiB .* holds at most [\d.]+ GiB; generate fewer sequences at once/,
      );
    });
    // The same model generates a batch that fits.
    const fits = await generate(wide, [[5, 6, 7]], { maxCompletionLength: 3, numGenerations: 2 });
    expect(fits.sequences.map((sequence) => sequence.tokenIds.length)).toEqual([3, 3]);
    wide.dispose();
  });
});
