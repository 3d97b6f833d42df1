import { type CausalLM, sequenceLogProbs } from '@r1kit/lm';
import { expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestModel } from '../../test/test-model.js';
import { generate } from './generate.js';

let model: CausalLM;
beforeAll(() => {
  model = createTestModel();
});
afterAll(() => model.dispose());

describe('generate and sequenceLogProbs', () => {
  it('agree on the log-probs of the generated tokens', async () => {
    const prompts = [
      [5, 6, 7, 8, 9],
      [11, 12],
    ];
    const temperature = 0.7;
    const pad = 0;
    const { sequences } = await generate(model, prompts, {
      maxCompletionLength: 12,
      numGenerations: 3,
      temperature,
      topK: 20,
      seed: 21,
    });
    const promptLength = 5;
    const completionLength = Math.max(...sequences.map((s) => s.tokenIds.length));
    const rows = sequences.map((s) => {
      const prompt = prompts[s.promptIndex]!;
      const left = promptLength - prompt.length;
      const right = completionLength - s.tokenIds.length;
      return {
        ids: [...Array(left).fill(pad), ...prompt, ...s.tokenIds, ...Array(right).fill(pad)],
        mask: [...Array(left).fill(0), ...Array(prompt.length + completionLength).fill(1)],
      };
    });
    const scored = await expectNoLeak(() => {
      const result = tf.tidy(() =>
        sequenceLogProbs(
          model,
          {
            inputIds: tf.tensor2d(
              rows.map((r) => r.ids),
              undefined,
              'int32',
            ),
            attentionMask: tf.tensor2d(
              rows.map((r) => r.mask),
              undefined,
              'int32',
            ),
            completionLength,
          },
          { temperature },
        ),
      );
      const values = result.arraySync();
      result.dispose();
      return values;
    });
    sequences.forEach((s, r) => {
      s.tokenIds.forEach((_, t) => {
        expect(Math.abs(s.logProbs[t]! - scored[r]![t]!)).toBeLessThan(1e-4);
      });
    });
  });
});
