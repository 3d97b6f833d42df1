import { R1kitError } from '@r1kit/core';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { GrpoTrainerOptions } from '../grpo/grpo-config.js';
import { GrpoTrainer } from '../grpo/grpo-trainer.js';
import type { RewardFunction, RolloutEngine } from '../grpo/grpo-types.js';
import { InProcessRolloutEngine } from '../grpo/in-process-rollout-engine.js';
import { SftTrainer } from '../sft/sft-trainer.js';

const prompts = [3, 4, 5, 6].map((a) => ({ promptIds: [1, a] }));
const length: RewardFunction = ({ completionIds }) => completionIds.map((ids) => ids.length / 10);
const rewardFunctions = [{ name: 'length', compute: length }];

/** A GRPO trainer on lm's tiny transformer whose rollouts are counted. */
function grpo(overrides: Partial<GrpoTrainerOptions>) {
  const model = createTinyCausalLM({ seed: 7 });
  const inner = new InProcessRolloutEngine({ model, seed: 1, eosTokenId: 2 });
  let rollouts = 0;
  const engine: RolloutEngine = {
    rollout: (request) => {
      rollouts += 1;
      return inner.rollout(request);
    },
  };
  const trainer = new GrpoTrainer({
    model,
    prompts,
    rewardFunctions,
    rollout: engine,
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxSteps: 1,
    progress: false,
    ...overrides,
  });
  return { model, trainer, rollouts: () => rollouts };
}

describe('memory check before training', () => {
  it('GrpoTrainer refuses an oversized run before any rollout, with estimate, limit and advice', async () => {
    const { model, trainer, rollouts } = grpo({ maxCompletionLength: 200_000 });
    const before = tf.memory().numTensors;
    const weights = model.trainableVariables().map((variable) => variable.dataSync().slice());
    const failure = await trainer.trainStep().catch((error: unknown) => error);
    expect(R1kitError.isInstance(failure) && failure.code).toBe('OUT_OF_MEMORY');
    const message = (failure as Error).message;
    // The attention scores of 8 rows x 200,002 positions alone are terabytes.
    expect(message).toMatch(
      /^GrpoTrainer: a training micro-batch of 8 x 200002 tokens needs about [\d.]+ GiB .*activations [\d.]+ GiB.* holds at most [\d.]+ GiB; lower perDeviceTrainBatchSize \(8\) or the completion length \(200000\), lower chunkSize \(64\), set gradientCheckpointing: true, train a LoRA adapter instead of every weight, or use a backend/,
    );
    const needed = Number(/needs about ([\d.]+) GiB/.exec(message)![1]);
    expect(needed).toBeGreaterThan(1000);
    expect(rollouts()).toBe(0);
    expect(trainer.step).toBe(0);
    model.trainableVariables().forEach((variable, index) => {
      expect(Array.from(variable.dataSync())).toEqual(Array.from(weights[index]!));
    });
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('GrpoTrainer accepts a run that fits and trains it', async () => {
    const { model, trainer, rollouts } = grpo({ maxCompletionLength: 4 });
    const [metrics] = await trainer.trainStep();
    expect(rollouts()).toBe(1);
    expect(trainer.step).toBe(1);
    expect(Number.isFinite(metrics!.loss as number)).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it('SftTrainer refuses an oversized example before the first step, and trains one that fits', () => {
    const model = createTinyCausalLM({ seed: 7 });
    const example = (length: number) => ({
      inputIds: Array.from({ length }, (_, index) => 3 + (index % 40)),
      completionMask: Array.from({ length }, (_, index) => (index < 2 ? 0 : 1)),
    });
    const oversized = new SftTrainer({
      model,
      examples: [example(150_000)],
      batchSize: 4,
      maxSteps: 1,
      progress: false,
    });
    expect(() => oversized.trainStep()).toThrowError(
      /SftTrainer: a training micro-batch of 4 x 150000 tokens needs about/,
    );
    expect(oversized.step).toBe(0);
    oversized.dispose();
    const fitting = new SftTrainer({
      model,
      examples: [example(12)],
      batchSize: 4,
      maxSteps: 1,
      progress: false,
    });
    expect(Number.isFinite(fitting.trainStep().loss as number)).toBe(true);
    fitting.dispose();
    model.dispose();
  });
});
