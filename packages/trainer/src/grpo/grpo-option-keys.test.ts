import { R1kitError } from '@r1kit/core';
import type { LogitsProcessor } from '@r1kit/sampling';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { GrpoTrainerOptions } from './grpo-config.js';
import { GrpoTrainer } from './grpo-trainer.js';
import type { RolloutEngine } from './grpo-types.js';

const model = createTinyCausalLM({ config: { vocabSize: 12 }, seed: 1 });
afterAll(() => model.dispose());
const base: GrpoTrainerOptions = {
  model,
  prompts: [{ promptIds: [1, 3] }, { promptIds: [1, 4] }],
  rewardFunctions: [{ name: 'zero', compute: ({ completionIds }) => completionIds.map(() => 0) }],
  numGenerations: 4,
  perDeviceTrainBatchSize: 8,
  maxCompletionLength: 3,
  maxSteps: 1,
  progress: false,
};
const engine: RolloutEngine = { rollout: async () => [] };
const tokenizer = { decode: (ids: readonly number[]) => ids.join(' ') };

/** The `code: message` of the error `new GrpoTrainer(options)` throws. */
function failure(options: unknown): string {
  try {
    new GrpoTrainer(options as GrpoTrainerOptions).dispose();
    return 'constructed';
  } catch (error) {
    return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  }
}

describe('GrpoTrainer option groups', () => {
  it('has no place for in-process settings beside an external engine (type and runtime)', () => {
    // @ts-expect-error the tokenizer is a setting of the in-process engine, not of the trainer
    const flat: GrpoTrainerOptions = { ...base, rollout: engine, tokenizer };
    expect(failure(flat)).toMatch(
      /^INVALID_ARGUMENT: GrpoTrainer: options.tokenizer must be absent: it is a setting of the in-process engine, give it as options.rollout.tokenizer/,
    );
    // @ts-expect-error logitsProcessors belong to the in-process engine as well
    const processors: GrpoTrainerOptions = { ...base, rollout: engine, logitsProcessors: [] };
    expect(failure(processors)).toMatch(/^INVALID_ARGUMENT: .*options.logitsProcessors must be/);
    // The pre-grouping name of the engine option.
    expect(failure({ ...base, rolloutEngine: engine })).toMatch(
      /^INVALID_ARGUMENT: .*options.rolloutEngine must be absent: an external engine is given as options.rollout/,
    );
  });

  it('refuses request-level settings inside the in-process settings', () => {
    // @ts-expect-error temperature is sent to every engine, so it is a top-level option
    const misplaced: GrpoTrainerOptions = { ...base, rollout: { tokenizer, temperature: 0.7 } };
    expect(failure(misplaced)).toMatch(
      /^INVALID_ARGUMENT: .*options.rollout.temperature must be absent: every engine receives it, give it as options.temperature; received 0.7/,
    );
    expect(failure({ ...base, rollout: { tokenizr: tokenizer } })).toMatch(
      /options.rollout.tokenizr must be absent: the in-process engine's settings are tokenizer, eosTokenId, stop, logitsProcessors, useCache/,
    );
    expect(failure({ ...base, rollout: 'vllm' })).toMatch(
      /^INVALID_ARGUMENT: .*options.rollout must be a RolloutEngine/,
    );
  });

  it('names the loss group for loss settings given at the top level, and unknown loss keys', () => {
    // @ts-expect-error beta is a loss setting
    const flat: GrpoTrainerOptions = { ...base, beta: 0.04 };
    expect(failure(flat)).toMatch(
      /^INVALID_ARGUMENT: .*options.beta must be absent: it is a loss setting, give it as options.loss.beta; received 0.04/,
    );
    expect(failure({ ...base, loss: { numGenerations: 4 } })).toMatch(
      /options.loss.numGenerations must be absent: it is a run setting, give it as options.numGenerations/,
    );
    expect(failure({ ...base, loss: { bta: 0.1 } })).toMatch(
      /options.loss.bta must be absent: options.loss takes beta, logKl, epsilon/,
    );
    expect(failure({ ...base, lossAggregation: 'token-mean' })).toMatch(
      /options.lossAggregation must be absent: GrpoTrainer has no such option/,
    );
    // Keys set to undefined (spread from optional settings) are not errors.
    expect(failure({ ...base, tokenizer: undefined, loss: { beta: undefined } })).toBe(
      'constructed',
    );
  });

  it('hands the in-process settings to the engine it creates', async () => {
    // Only token 9 may be sampled: every completion is [9, 9, 9] when the processor is used.
    const onlyNine: LogitsProcessor = {
      name: 'only-nine',
      process: (logits) =>
        tf.tidy(() => {
          const allowed = tf.equal(tf.range(0, logits.shape[1], 1, 'int32'), 9);
          return tf.where(
            tf.broadcastTo(allowed, logits.shape),
            logits,
            tf.fill(logits.shape, Number.NEGATIVE_INFINITY),
          ) as tf.Tensor2D;
        }),
    };
    const seen: string[] = [];
    const trainer = new GrpoTrainer({
      ...base,
      rewardFunctions: [
        {
          name: 'nines',
          compute: ({ completions, completionIds }) => {
            seen.push(...completions);
            return completionIds.map((ids) => ids.filter((id) => id === 9).length);
          },
        },
      ],
      rollout: { tokenizer, logitsProcessors: [onlyNine], eosTokenId: 2, useCache: false },
      padTokenId: 0,
    });
    const [metrics] = await trainer.trainStep();
    expect(metrics!.reward).toBe(3);
    expect(seen).toEqual(new Array(8).fill('9 9 9'));
    trainer.dispose();
  });
});
