import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DataOrder } from '../data/data-order.js';
import type { GrpoTrainerOptions } from './grpo-config.js';
import { GrpoTrainer } from './grpo-trainer.js';
import type {
  GrpoPrompt,
  RewardFunction,
  RolloutCompletion,
  RolloutEngine,
  RolloutRequest,
} from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';

const target = 9;
const prompts: GrpoPrompt[] = [3, 4, 5, 6, 7, 8].map((a) => ({ promptIds: [1, a] }));
/** The toy task: reward = fraction of completion tokens equal to the target token. */
const targetFraction: RewardFunction = ({ completionIds }) =>
  completionIds.map((ids) => ids.filter((id) => id === target).length / ids.length);

function setup(overrides: Partial<GrpoTrainerOptions> = {}) {
  const model = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 11 });
  const options: GrpoTrainerOptions = {
    model,
    prompts,
    rewardFunctions: [{ name: 'target', compute: targetFraction }],
    rollout: new InProcessRolloutEngine({ model, seed: 3, eosTokenId: 2, useCache: false }),
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 4,
    learningRate: 0.05,
    maxSteps: 4,
    seed: 2,
    progress: false,
    padTokenId: 0,
    ...overrides,
  };
  return { model, trainer: new GrpoTrainer(options) };
}

const weights = (model: { trainableVariables(): tf.Variable[] }) =>
  model.trainableVariables().map((variable) => Array.from(variable.dataSync()));

describe('GrpoTrainer', () => {
  it('raises the mean reward on a toy task without leaking tensors', async () => {
    const { model, trainer } = setup({ maxSteps: 40 });
    await trainer.train({ steps: 1 });
    const before = tf.memory().numTensors;
    const history = await trainer.train();
    expect(tf.memory().numTensors).toBe(before);
    const mean = (slice: typeof history) =>
      slice.reduce((sum, metrics) => sum + (metrics.reward as number), 0) / slice.length;
    const early = mean(history.slice(0, 8));
    const late = mean(history.slice(-8));
    expect(late).toBeGreaterThan(early + 0.3);
    const last = history.at(-1)!;
    for (const key of [
      'reward',
      'reward_std',
      'rewards/target/mean',
      'rewards/target/std',
      'frac_reward_zero_std',
      'entropy',
      'clip_ratio/low_mean',
      'clip_ratio/high_mean',
      'clip_ratio/region_mean',
      'completions/mean_length',
      'completions/clipped_ratio',
      'learning_rate',
      'grad_norm',
      'loss',
    ]) {
      expect(last, key).toHaveProperty(key);
    }
    trainer.dispose();
    model.dispose();
  });

  it('resume reproduces an uninterrupted run bit for bit (numIterations 2, KL to a reference)', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'r1kit-grpo-'));
    const reference = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 11 });
    const common = {
      maxSteps: 8,
      numIterations: 2,
      loss: { beta: 0.04 },
      referenceModel: reference,
    };
    const straight = setup(common);
    const straightHistory = await straight.trainer.train();
    const first = setup({ ...common, outputDir, saveSteps: 4 });
    await first.trainer.train({ steps: 4 });
    const resumed = setup(common);
    await resumed.trainer.resume(join(outputDir, 'checkpoint-4'));
    const resumedHistory = await resumed.trainer.train();
    expect(weights(resumed.model)).toEqual(weights(straight.model));
    expect(resumedHistory.map((m) => m.reward)).toEqual(
      straightHistory.slice(4).map((m) => m.reward),
    );
    // Once the policy has moved, the k3 KL to the frozen reference is positive.
    expect(Math.max(...straightHistory.map((m) => m.kl as number))).toBeGreaterThan(0);
    const lines = (await readFile(join(outputDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!).step).toBe(4);
    for (const run of [straight, first, resumed]) {
      run.trainer.dispose();
      run.model.dispose();
    }
    reference.dispose();
  });

  it('logKl reports the KL to the reference at beta 0 and leaves the run unchanged', async () => {
    const reference = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 11 });
    const plain = setup({ maxSteps: 6 });
    const plainHistory = await plain.trainer.train();
    const logged = setup({ maxSteps: 6, loss: { logKl: true }, referenceModel: reference });
    const loggedHistory = await logged.trainer.train();
    // The KL is only observed: same rewards, same weights, bit for bit.
    expect(weights(logged.model)).toEqual(weights(plain.model));
    expect(loggedHistory.map((m) => m.reward)).toEqual(plainHistory.map((m) => m.reward));
    expect(plainHistory.every((m) => m.kl === undefined)).toBe(true);
    // Step 1 samples from the reference itself (k3 of equal log-probs is 0); later steps drift.
    expect(loggedHistory[0]!.kl).toBeCloseTo(0, 6);
    expect(Math.max(...loggedHistory.map((m) => m.kl as number))).toBeGreaterThan(0);
    for (const run of [plain, logged]) {
      run.trainer.dispose();
      run.model.dispose();
    }
    reference.dispose();
  });

  /** A scripted engine: prompt [1, a] gets completions [a, a + k, 2] for k < numGenerations, or identical ones when a is even. */
  class ScriptedEngine implements RolloutEngine {
    calls = 0;
    constructor(private readonly finishReason: RolloutCompletion['finishReason'] = 'eos') {}
    async rollout(request: RolloutRequest): Promise<RolloutCompletion[]> {
      this.calls += 1;
      return request.prompts.flatMap((prompt, promptIndex) =>
        Array.from({ length: request.numGenerations }, (_, k) => {
          const a = prompt.promptIds[1]!;
          const ids = a % 2 === 0 ? [a, a, a, a, 2] : [a, 3 + ((a + k) % 8), 2];
          return { promptIndex, completionIds: ids, text: '', finishReason: this.finishReason };
        }),
      );
    }
  }
  const sumOfFirstTokens: RewardFunction = ({ completionIds }) =>
    completionIds.map((ids) => ids[1]! / 10);

  it('dynamic sampling keeps only groups with reward variance and samples more to refill', async () => {
    const engine = new ScriptedEngine();
    const { model, trainer } = setup({
      rollout: engine,
      rewardFunctions: [{ name: 'second', compute: sumOfFirstTokens }],
      dynamicSampling: true,
      maxNumGenBatches: 3,
      maxSteps: 1,
      seed: 3,
    });
    const [metrics] = await trainer.trainStep();
    // Each rollout holds 2 prompts; only odd prompts have reward variance. Replay the data order
    // to know how many rollouts it takes to find 2 odd prompts.
    const order = new DataOrder({ size: prompts.length, seed: 3 });
    let rollouts = 0;
    let odd = 0;
    while (odd < 2) {
      rollouts += 1;
      odd += order.next(2).filter((index) => prompts[index]!.promptIds[1]! % 2 === 1).length;
    }
    expect(rollouts).toBe(2);
    expect(engine.calls).toBe(rollouts);
    expect(metrics!['dynamic_sampling/num_gen_batches']).toBe(rollouts);
    expect(metrics!['dynamic_sampling/kept_ratio']).toBe(1);
    // 8 kept completions of 3 tokens: odd prompts only (even ones have 5 tokens).
    expect(metrics!.num_tokens).toBe(8 * 3);
    trainer.dispose();
    model.dispose();
  });

  it('maskTruncatedCompletions leaves truncated completions out of the loss', async () => {
    const { model, trainer } = setup({
      rollout: new ScriptedEngine('length'),
      rewardFunctions: [{ name: 'second', compute: sumOfFirstTokens }],
      loss: { maskTruncatedCompletions: true },
      maxSteps: 1,
    });
    const start = weights(model);
    const [metrics] = await trainer.trainStep();
    expect(metrics).toMatchObject({
      loss: null,
      num_tokens: 0,
      grad_norm: null,
      'completions/clipped_ratio': 1,
    });
    expect(weights(model)).toEqual(start);
    expect(trainer.step).toBe(1);
    trainer.dispose();
    model.dispose();
  });

  it('raises clear errors for bad configuration and a broken rollout engine', async () => {
    const model = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 1 });
    const base: GrpoTrainerOptions = {
      model,
      prompts,
      rewardFunctions: [{ name: 'target', compute: targetFraction }],
      maxSteps: 2,
      progress: false,
      numGenerations: 4,
      perDeviceTrainBatchSize: 8,
    };
    const expectError = (overrides: Partial<GrpoTrainerOptions>, code: string, text: RegExp) => {
      let caught: unknown;
      try {
        new GrpoTrainer({ ...base, ...overrides });
      } catch (error) {
        caught = error;
      }
      expect(R1kitError.isInstance(caught), String(text)).toBe(true);
      expect((caught as R1kitError).code).toBe(code);
      expect((caught as Error).message).toMatch(text);
    };
    expectError(
      { numGenerations: 1 },
      'INVALID_ARGUMENT',
      /options.numGenerations must be an integer >= 2; received 1/,
    );
    expectError(
      { numGenerations: 3 },
      'INVALID_CONFIG',
      /a divisor of perDeviceTrainBatchSize \* stepsPerGeneration \(8\)/,
    );
    expectError(
      { gradientAccumulationSteps: 2, stepsPerGeneration: 3 },
      'INVALID_CONFIG',
      /multiple of gradientAccumulationSteps/,
    );
    expectError({ loss: { beta: 0.04 } }, 'INVALID_CONFIG', /no reference policy/);
    expectError(
      { loss: { logKl: true } },
      'INVALID_CONFIG',
      /options.loss.logKl is true but there is no reference/,
    );
    expectError(
      { rewardWeights: [1, 2] },
      'INVALID_ARGUMENT',
      /options.rewardWeights must be 1 finite numbers/,
    );
    expectError(
      { prompts: [{ promptIds: [1, 40] }] },
      'INVALID_ARGUMENT',
      /prompts\[0\].promptIds must be a non-empty array of token ids in \[0, 12\)/,
    );
    expectError(
      { loss: { lossType: 'ppo' as 'dapo' } },
      'INVALID_ARGUMENT',
      /options.loss.lossType must be one of 'grpo', 'bnpo', 'dr_grpo', 'dapo', 'seq-mean-token-sum', 'token-sum'; received "ppo"/,
    );
    expectError({ loss: { epsilon: 0 } }, 'INVALID_ARGUMENT', /options.loss.epsilon/);
    expectError({ rewardFunctions: [] }, 'INVALID_ARGUMENT', /options.rewardFunctions/);
    const broken: RolloutEngine = { rollout: async () => [] };
    const trainer = new GrpoTrainer({ ...base, rollout: broken });
    await expect(trainer.trainStep()).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/returned 0 completions; expected 8/),
    });
    trainer.dispose();
    model.dispose();
  });
});
