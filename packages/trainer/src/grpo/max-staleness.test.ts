import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { StepMetrics } from '../metrics/metrics-log.js';
import type { GrpoTrainerOptions } from './grpo-config.js';
import { GrpoTrainer } from './grpo-trainer.js';
import type { GrpoPrompt, RewardFunction, RolloutEngine } from './grpo-types.js';
import { InProcessRolloutEngine } from './in-process-rollout-engine.js';

const prompts: GrpoPrompt[] = [3, 4, 5, 6, 7, 8].map((a) => ({ promptIds: [1, a] }));
const targetFraction: RewardFunction = ({ completionIds }) =>
  completionIds.map((ids) => ids.filter((id) => id === 9).length / ids.length);

/**
 * A server-like engine: it samples its own copy of the weights, which `onPolicyUpdate` refreshes
 * from the trained model, and it logs what happens in which order.
 */
function serverLikeEngine(trained: CausalLM) {
  const copy = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 11 });
  const sampler = new InProcessRolloutEngine({
    model: copy,
    seed: 3,
    eosTokenId: 2,
    useCache: false,
  });
  let version = 0;
  const events: string[] = [];
  const prompted: number[][] = [];
  const engine: RolloutEngine = {
    rollout: async (request) => {
      const sampledBy = version;
      events.push(`rollout by v${sampledBy}`);
      prompted.push(request.prompts.map((prompt) => prompt.promptIds[1]!));
      const completions = await sampler.rollout(request);
      return completions.map((completion) => ({ ...completion, policyVersion: sampledBy }));
    },
    onPolicyUpdate: ({ step }) => {
      const source = trained.trainableVariables();
      for (const [index, variable] of copy.trainableVariables().entries())
        variable.assign(source[index]!);
      version = step;
      events.push(`step ${step}`);
    },
  };
  return { engine, events, prompted, copy };
}

function run(overrides: Partial<GrpoTrainerOptions>) {
  const model = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 11 });
  const server = serverLikeEngine(model);
  const trainer = new GrpoTrainer({
    model,
    prompts,
    rewardFunctions: [{ name: 'target', compute: targetFraction }],
    rollout: server.engine,
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 4,
    learningRate: 0.05,
    maxSteps: 4,
    seed: 2,
    progress: false,
    padTokenId: 0,
    ...overrides,
  });
  const finish = () => {
    trainer.dispose();
    model.dispose();
    server.copy.dispose();
  };
  return { trainer, finish, ...server };
}

describe('GrpoTrainer maxStaleness', () => {
  it('0 is the synchronous run: every rollout comes from the current policy', async () => {
    const implicit = run({});
    const explicit = run({ maxStaleness: 0 });
    const a: StepMetrics[] = await implicit.trainer.train();
    const b: StepMetrics[] = await explicit.trainer.train();
    expect(b).toEqual(a);
    expect(explicit.events).toEqual([
      'rollout by v0',
      'step 1',
      'rollout by v1',
      'step 2',
      'rollout by v2',
      'step 3',
      'rollout by v3',
      'step 4',
    ]);
    implicit.finish();
    explicit.finish();
  });

  it('1 requests the rollout of step k+1 before step k trains, so it is sampled by policy version k', async () => {
    const synchronous = run({});
    const expected = await synchronous.trainer.train();
    const before = tf.memory().numTensors;
    const ahead = run({ maxStaleness: 1 });
    const history = await ahead.trainer.train();
    ahead.finish();
    expect(tf.memory().numTensors).toBe(before);
    expect(ahead.events).toEqual([
      'rollout by v0', // step 0's rollout
      'rollout by v0', // step 1's rollout, requested before step 0 trains
      'step 1',
      'rollout by v1', // step 2's rollout, requested before step 1 trains
      'step 2',
      'rollout by v2',
      'step 3',
      'step 4', // no rollout past maxSteps
    ]);
    // The same prompts in the same order as the synchronous run.
    expect(ahead.prompted).toEqual(synchronous.prompted);
    // Step 0 trains on the same rollout with the same weights; later steps on stale rollouts.
    expect(history[0]).toEqual(expected[0]);
    expect(history).toHaveLength(4);
    expect(history[1]!.entropy).not.toBe(expected[1]!.entropy);
    synchronous.finish();
  });

  it('1 stops at maxSteps and between train() calls keeps the prefetched rollout', async () => {
    const ahead = run({ maxStaleness: 1, maxSteps: 3 });
    await ahead.trainer.train({ steps: 1 });
    await ahead.trainer.train();
    expect(ahead.trainer.step).toBe(3);
    expect(ahead.events.filter((event) => event.startsWith('rollout'))).toEqual([
      'rollout by v0',
      'rollout by v0',
      'rollout by v1',
    ]);
    ahead.finish();
  });

  it('1 checkpoints the data order before the prefetched rollout, so a resumed run samples it again', async () => {
    const root = await mkdtemp(join(tmpdir(), 'r1kit-staleness-'));
    const synchronous = run({ outputDir: join(root, 'sync'), saveSteps: 1, maxSteps: 3 });
    await synchronous.trainer.train({ steps: 1 });
    const ahead = run({
      maxStaleness: 1,
      outputDir: join(root, 'ahead'),
      saveSteps: 1,
      maxSteps: 3,
    });
    await ahead.trainer.train({ steps: 1 });
    // Two rollouts drawn (step 0's and the prefetched step 1's), but the checkpoint's data order
    // is the synchronous run's after one step.
    expect(ahead.prompted).toHaveLength(2);
    const state = async (name: string) =>
      JSON.parse(await readFile(join(root, name, 'checkpoint-1', 'trainer_state.json'), 'utf8'));
    const [expected, actual] = await Promise.all([state('sync'), state('ahead')]);
    expect(actual.dataOrder).toEqual(expected.dataOrder);
    const resumed = run({ maxStaleness: 1, maxSteps: 3 });
    await resumed.trainer.resume(join(root, 'ahead', 'checkpoint-1'));
    await resumed.trainer.trainStep();
    expect(resumed.prompted[0]).toEqual(ahead.prompted[1]);
    for (const item of [synchronous, ahead, resumed]) item.finish();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a staleness above 1 and asynchronous generation with the in-process engine', () => {
    const model = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 1 });
    const base: GrpoTrainerOptions = {
      model,
      prompts,
      rewardFunctions: [{ name: 'target', compute: targetFraction }],
      numGenerations: 4,
      perDeviceTrainBatchSize: 8,
      maxSteps: 2,
      progress: false,
    };
    const failure = (options: GrpoTrainerOptions) => {
      try {
        new GrpoTrainer(options).dispose();
        return 'constructed';
      } catch (error) {
        return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
      }
    };
    expect(failure({ ...base, maxStaleness: 2 })).toMatch(
      /^INVALID_ARGUMENT: .*options.maxStaleness .*2/,
    );
    expect(failure({ ...base, maxStaleness: 1 })).toMatch(
      /^INVALID_CONFIG: .*maxStaleness is 1 but options.rollout is not an engine/,
    );
    model.dispose();
  });
});
