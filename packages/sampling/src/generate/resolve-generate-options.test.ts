import { RandomGenerator } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestModel } from '../../test/test-model.js';
import { generate } from './generate.js';
import type { GenerateOptions } from './generate-types.js';

let model: CausalLM;
beforeAll(() => {
  model = createTestModel();
});
afterAll(() => model.dispose());

const ok: GenerateOptions = { maxCompletionLength: 2, seed: 0 };

describe('generate option errors', () => {
  it('names the argument, the value and the expectation', async () => {
    await expect(generate(model, [[1]], { maxCompletionLength: 0 })).rejects.toThrow(
      'generate: options.maxCompletionLength must be an integer >= 1; received 0',
    );
    await expect(generate(model, [[1]], { ...ok, topP: 1.5 })).rejects.toThrow(
      'generate: options.topP must be a number in (0, 1]; received 1.5',
    );
    await expect(generate(model, [[1, 99]], ok)).rejects.toThrow(
      /generate: prompts\[0\] must be a non-empty array of integer token ids in \[0, 48\)/,
    );
  });

  it('rejects every bad input with INVALID_ARGUMENT or SHAPE_MISMATCH and leaks nothing', async () => {
    const embeddings = tf.zeros([3, 1, 32]) as tf.Tensor3D;
    const cases: Array<[string, () => Promise<unknown>, string]> = [
      ['no model', () => generate({} as CausalLM, [[1]], ok), 'INVALID_ARGUMENT'],
      ['no prompts', () => generate(model, [], ok), 'INVALID_ARGUMENT'],
      ['empty prompt', () => generate(model, [[]], ok), 'INVALID_ARGUMENT'],
      ['float token', () => generate(model, [[1.5]], ok), 'INVALID_ARGUMENT'],
      ['too long', () => generate(model, [[1]], { maxCompletionLength: 128 }), 'INVALID_ARGUMENT'],
      ['group', () => generate(model, [[1]], { ...ok, numGenerations: 0 }), 'INVALID_ARGUMENT'],
      ['temperature', () => generate(model, [[1]], { ...ok, temperature: -1 }), 'INVALID_ARGUMENT'],
      [
        'nan temperature',
        () => generate(model, [[1]], { ...ok, temperature: Number.NaN }),
        'INVALID_ARGUMENT',
      ],
      ['topK', () => generate(model, [[1]], { ...ok, topK: 2.5 }), 'INVALID_ARGUMENT'],
      ['minP', () => generate(model, [[1]], { ...ok, minP: 2 }), 'INVALID_ARGUMENT'],
      ['eos', () => generate(model, [[1]], { ...ok, eosTokenId: 48 }), 'INVALID_ARGUMENT'],
      ['pad', () => generate(model, [[1]], { ...ok, padTokenId: -1 }), 'INVALID_ARGUMENT'],
      [
        'seed',
        () => generate(model, [[1]], { maxCompletionLength: 2, seed: 0.5 }),
        'INVALID_ARGUMENT',
      ],
      [
        'seed and rng',
        () => generate(model, [[1]], { ...ok, rng: RandomGenerator.fromSeed(1) }),
        'INVALID_ARGUMENT',
      ],
      [
        'rng type',
        () => generate(model, [[1]], { maxCompletionLength: 2, rng: {} as RandomGenerator }),
        'INVALID_ARGUMENT',
      ],
      ['stop entry', () => generate(model, [[1]], { ...ok, stop: [''] }), 'INVALID_ARGUMENT'],
      [
        'stop without tokenizer',
        () => generate(model, [[1]], { ...ok, stop: ['x'] }),
        'INVALID_ARGUMENT',
      ],
      [
        'processors',
        () => generate(model, [[1]], { ...ok, logitsProcessors: [{}] as never }),
        'INVALID_ARGUMENT',
      ],
      [
        'soft tokens rows',
        () => generate(model, [[1]], { ...ok, softTokens: { placeholderTokenId: 47, embeddings } }),
        'SHAPE_MISMATCH',
      ],
    ];
    await expectNoLeak(async () => {
      for (const [label, run, code] of cases) {
        expect([label, await errorCode(run)]).toEqual([label, code]);
      }
    });
    embeddings.dispose();
  });
});
