import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { StepMetrics } from '../metrics/metrics-log.js';
import { GrpoTrainer } from './grpo-trainer.js';
import type { GrpoPrompt, RewardFunction } from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';

const placeholder = 10;
const prompts: GrpoPrompt<number>[] = [3, 4, 5, 6].map((a) => ({
  promptIds: [1, placeholder, a],
  payload: a / 4,
}));
const targetFraction: RewardFunction<number> = ({ completionIds }) =>
  completionIds.map((ids) => ids.filter((id) => id === 9).length / ids.length);

/** Runs one generation (two optimiser steps: numIterations 2) and counts soft-token builds. */
async function oneGeneration(trainsSoftTokens: boolean) {
  const model = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 11 });
  const reference = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 12 });
  const scale = tf.variable(tf.fill([1, 1, 8], 0.5));
  let builds = 0;
  const trainer = new GrpoTrainer<number>({
    model,
    prompts,
    rewardFunctions: [{ name: 'target', compute: targetFraction }],
    rollout: new InProcessRolloutEngine({ model, seed: 3, eosTokenId: 2, useCache: false }),
    softTokens: (payloads) => {
      builds += 1;
      const rows = payloads.map((payload) => tf.mul(scale, payload ?? 0));
      return { placeholderTokenId: placeholder, embeddings: tf.concat(rows, 0) as tf.Tensor3D };
    },
    extraVariables: trainsSoftTokens ? [scale] : [],
    referenceModel: reference,
    loss: { logKl: true },
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    numIterations: 2,
    maxCompletionLength: 4,
    learningRate: 0.05,
    maxSteps: 2,
    seed: 2,
    progress: false,
    padTokenId: 0,
  });
  const before = tf.memory().numTensors;
  const history: StepMetrics[] = await trainer.trainStep();
  const leaked = tf.memory().numTensors - before;
  trainer.dispose();
  model.dispose();
  reference.dispose();
  scale.dispose();
  return { builds, history, leaked };
}

describe('GrpoTrainer soft tokens', () => {
  it('builds them once per rollout when they do not train, and rebuilds them under the tape when they do', async () => {
    const frozen = await oneGeneration(false);
    const trained = await oneGeneration(true);
    // Frozen: one build for the rollout, reused by the old-policy, reference and policy passes.
    expect(frozen.builds).toBe(1);
    // Trained: the rollout's build, plus one under the tape per optimiser step.
    expect(trained.builds).toBe(1 + 2);
    expect(frozen.leaked).toBe(0);
    expect(trained.leaked).toBe(0);
    // Before the first update the reused tokens equal the rebuilt ones: same first step, bit for bit.
    const pick = (metrics: StepMetrics) => [metrics.loss, metrics.kl, metrics.entropy];
    expect(pick(frozen.history[0]!)).toEqual(pick(trained.history[0]!));
    expect(Number.isFinite(frozen.history[0]!.loss as number)).toBe(true);
  });
});
