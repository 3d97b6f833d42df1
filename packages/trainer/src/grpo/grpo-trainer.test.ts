import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTinyCausalLM } from '../../test/tiny-causal-lm.js';
import type { GrpoTrainerOptions } from './grpo-config.js';
import { GrpoTrainer } from './grpo-trainer.js';
import type { GrpoPrompt, RewardFunction } from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';

const target = 9;
const prompts: GrpoPrompt[] = [3, 4, 5, 6, 7, 8].map((a) => ({ promptIds: [1, a] }));
/** The toy task: reward = fraction of completion tokens equal to the target token. */
const targetFraction: RewardFunction = ({ completionIds }) =>
  completionIds.map((ids) => ids.filter((id) => id === target).length / ids.length);

function setup(overrides: Partial<GrpoTrainerOptions> = {}) {
  const model = createTinyCausalLM({ vocabSize: 12, hiddenSize: 8, seed: 11 });
  const options: GrpoTrainerOptions = {
    model,
    prompts,
    rewardFunctions: [{ name: 'target', compute: targetFraction }],
    rolloutEngine: new InProcessRolloutEngine({ model, seed: 3, eosTokenId: 2, useCache: false }),
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
    const reference = createTinyCausalLM({ vocabSize: 12, hiddenSize: 8, seed: 11 });
    const common = { maxSteps: 8, numIterations: 2, beta: 0.04, referenceModel: reference };
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
});
