import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { loadLoraAdapter, sequenceLogProbs } from '@r1kit/lm';
import { GrpoTrainer, type RolloutCompletion, type StepMetrics } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LoraAdapterSync, OpenAICompatibleRolloutEngine } from '../src/index.js';
import type { FakeServer } from './fake-inference-server.js';
import { fastRetries, useFakeServers } from './fake-server-fixture.js';
import { baseModel, policyModel, servedName, trainerOptions } from './tiny-policy.js';

const compared = [
  'loss',
  'reward',
  'reward_std',
  'entropy',
  'clip_ratio/region_mean',
  'grad_norm',
  'num_tokens',
];
const { serve, path } = useFakeServers('r1kit-rollout-');

/** A trainer whose rollouts come from `server` through vLLM's API, with LoRA hot-swap. */
function serverTrainer(server: FakeServer, name: string, overrides: object = {}, seed?: number) {
  const model = policyModel();
  const engine = new OpenAICompatibleRolloutEngine({
    baseUrl: server.url,
    model: servedName,
    weightSync: new LoraAdapterSync({
      model,
      baseUrl: server.url,
      server: 'vllm',
      directory: path(name),
      retry: fastRetries,
      // A server refuses to load a name it already holds: each run on a shared server gets its own.
      ...(name === 'parity' ? {} : { adapterPrefix: `r1kit-${name}` }),
    }),
    retry: fastRetries,
    ...(seed === undefined ? {} : { seed }),
  });
  const tags: Array<Array<number | undefined>> = [];
  const rollouts: RolloutCompletion[][] = [];
  const promptIds: number[][][] = [];
  const trainer = new GrpoTrainer({
    ...trainerOptions(),
    model,
    rollout: {
      rollout: async (request) => {
        promptIds.push(request.prompts.map((prompt) => [...prompt.promptIds]));
        const completions = await engine.rollout(request);
        tags.push(completions.map((completion) => completion.policyVersion));
        rollouts.push(completions);
        return completions;
      },
      onPolicyUpdate: (update) => engine.onPolicyUpdate(update),
      getState: () => engine.getState(),
      setState: (state) => engine.setState(state),
    },
    ...overrides,
  });
  return { model, engine, trainer, tags, rollouts, promptIds };
}

describe('OpenAICompatibleRolloutEngine against a vLLM-schema server', () => {
  it('a GRPO run through the server equals the in-process run, with importance weights of 1', async () => {
    const local = policyModel();
    const inProcess = new GrpoTrainer({ ...trainerOptions(), model: local });
    const expected = await inProcess.train();
    const server = await serve();
    const { trainer, tags } = serverTrainer(server, 'parity');
    const actual = await trainer.train();
    expect(actual).toHaveLength(3);
    actual.forEach((metrics, step) => {
      for (const key of compared) {
        expect(metrics[key], `${key} at step ${step}`).toBeCloseTo(
          expected[step]![key] as number,
          5,
        );
      }
      expect(metrics['sampling/importance_sampling_ratio/min']).toBeCloseTo(1, 4);
      expect(metrics['sampling/importance_sampling_ratio/max']).toBeCloseTo(1, 4);
      expect(metrics['sampling/sampling_logp_difference/max']).toBeLessThan(1e-4);
    });
    // Adapter versions advance with the optimiser steps; every rollout is tagged with its version.
    expect(server.log.map((entry) => entry.model)).toEqual([
      'r1kit-policy-v0',
      'r1kit-policy-v1',
      'r1kit-policy-v2',
    ]);
    expect(tags.map((versions) => [...new Set(versions)])).toEqual([[0], [1], [2]]);
    expect(server.adapterEvents).toEqual([
      'load:r1kit-policy-v0',
      'load:r1kit-policy-v1',
      'unload:r1kit-policy-v0',
      'load:r1kit-policy-v2',
      'unload:r1kit-policy-v1',
      'load:r1kit-policy-v3',
      'unload:r1kit-policy-v2',
    ]);
    inProcess.dispose();
    trainer.dispose();
  });

  it('importance weights match hand-computed values when the sampler disagrees', async () => {
    // The sampler reports every log-prob 0.05 lower than the trainer computes: ratio e^0.05 per token.
    const gap = 0.05;
    const server = await serve({ logprobOffset: -gap });
    const run = async (name: string, overrides: object) => {
      const { trainer, rollouts } = serverTrainer(server, name, { maxSteps: 1, ...overrides }, 21);
      const [metrics] = (await trainer.train()) as [StepMetrics];
      trainer.dispose();
      return { metrics, rollouts };
    };
    const token = await run('token', { loss: { vllmImportanceSamplingMode: 'token_truncate' } });
    const m = token.metrics;
    expect(m['sampling/sampling_logp_difference/mean']).toBeCloseTo(gap, 5);
    expect(m['sampling/sampling_logp_difference/max']).toBeCloseTo(gap, 5);
    for (const key of ['min', 'mean', 'max'])
      expect(m[`sampling/importance_sampling_ratio/${key}`]).toBeCloseTo(Math.exp(gap), 5);
    // Every token's loss is weighted by e^0.05: the (beta = 0) loss is e^0.05 times the uncorrected one.
    const off = await run('off', { loss: { vllmImportanceSamplingCorrection: false } });
    expect(off.metrics['sampling/importance_sampling_ratio/mean']).toBeUndefined();
    expect(m.loss as number).toBeCloseTo((off.metrics.loss as number) * Math.exp(gap), 6);
    // The same completions in both runs (each run's engine asks with the same per-request seed).
    expect(off.rollouts[0]!.map((c) => c.completionIds)).toEqual(
      token.rollouts[0]!.map((c) => c.completionIds),
    );
  });

  it('every mode at a cap: token ratios e^gap, sequence ratios e^(gap x length), truncated or masked', async () => {
    const gap = 0.05;
    const server = await serve({ logprobOffset: -gap });
    const modes = [
      ['sequence_truncate', 1.15],
      ['sequence_mask', 1.15],
      ['token_truncate', 1.04], // below e^0.05 = 1.0513: every token is truncated to 1.04 ...
      ['token_mask', 1.04], // ... or masked to 0
    ] as const;
    for (const [mode, cap] of modes) {
      const { trainer, rollouts } = serverTrainer(server, mode, {
        maxSteps: 1,
        loss: { vllmImportanceSamplingMode: mode, vllmImportanceSamplingCap: cap },
      });
      const [metrics] = (await trainer.train()) as [StepMetrics];
      const ratios = rollouts[0]!.flatMap((completion) => {
        const sequence = mode.startsWith('sequence');
        const ratio = Math.exp(gap * (sequence ? completion.completionIds.length : 1));
        // Token modes: one ratio per token (the mean is token-weighted).
        const count = sequence ? 1 : completion.completionIds.length;
        const value = ratio <= cap ? ratio : mode.endsWith('truncate') ? cap : 0;
        return new Array<number>(count).fill(value);
      });
      const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
      expect(metrics['sampling/importance_sampling_ratio/mean'], mode).toBeCloseTo(mean, 5);
      expect(metrics['sampling/importance_sampling_ratio/max'], mode).toBeCloseTo(
        Math.max(...ratios),
        5,
      );
      expect(metrics['sampling/importance_sampling_ratio/min'], mode).toBeCloseTo(
        Math.min(...ratios),
        5,
      );
      trainer.dispose();
    }
  });

  it('maxStaleness 1: the rollout of step k+1 comes from version k, weighted by hand-computed ratios', async () => {
    const server = await serve();
    const { trainer, tags, rollouts, engine, promptIds } = serverTrainer(server, 'stale', {
      maxStaleness: 1,
      // A reward with variance in every group, so that step 0 moves the policy.
      rewardFunctions: [
        {
          name: 'first',
          compute: ({ completionIds }: { completionIds: ReadonlyArray<readonly number[]> }) =>
            completionIds.map((ids) => ids[0]! / 16),
        },
      ],
      loss: { vllmImportanceSamplingMode: 'token_truncate', vllmImportanceSamplingCap: 1e6 },
    });
    const history = await trainer.train();
    trainer.dispose();
    // Step 0's rollout and step 1's (requested before step 0 trained) by v0, step 2's by v1.
    expect(tags.map((versions) => [...new Set(versions)])).toEqual([[0], [0], [1]]);
    expect(server.log.map((entry) => entry.model)).toEqual([
      'r1kit-stale-v0',
      'r1kit-stale-v0',
      'r1kit-stale-v1',
    ]);
    expect(engine.policyVersion).toBe(3);
    // Step 0 is on-policy ...
    expect(history[0]!['sampling/importance_sampling_ratio/max']).toBeCloseTo(1, 4);
    // ... step 1 trains policy v1 on v0's samples: each token's weight is p_v1 / p_v0, with p_v1
    // from the adapter the trainer published as v1 and p_v0 what the server reported.
    const v1 = baseModel();
    await loadLoraAdapter(v1, path('stale', 'r1kit-stale-v1'));
    const ratios = rollouts[1]!.flatMap((completion) => {
      const prompt = promptIds[1]![completion.promptIndex]!;
      const ids = [...prompt, ...completion.completionIds];
      const logp = tf.tidy(() =>
        Array.from(
          sequenceLogProbs(v1, {
            inputIds: tf.tensor2d([ids], undefined, 'int32'),
            completionLength: completion.completionIds.length,
          }).dataSync(),
        ),
      );
      return logp.map((value, i) => Math.exp(value - completion.samplingLogProbs![i]!));
    });
    v1.dispose();
    const m = history[1]!;
    expect(m['sampling/importance_sampling_ratio/min']).toBeCloseTo(Math.min(...ratios), 4);
    expect(m['sampling/importance_sampling_ratio/max']).toBeCloseTo(Math.max(...ratios), 4);
    expect(m['sampling/importance_sampling_ratio/mean']).toBeCloseTo(
      ratios.reduce((a, b) => a + b, 0) / ratios.length,
      4,
    );
    expect(Math.max(...ratios.map((ratio) => Math.abs(Math.log(ratio))))).toBeGreaterThan(1e-3);
  });

  it('retries a server error mid-run, then reports it without losing the checkpoint', async () => {
    const server = await serve();
    const outputDir = path('checkpoints');
    const { trainer } = serverTrainer(server, 'retry', { maxSteps: 4, outputDir, saveSteps: 1 });
    await trainer.train({ steps: 1 });
    server.failNext(2, 503); // two failures, then the third attempt succeeds
    await trainer.train({ steps: 1 });
    expect(trainer.step).toBe(2);
    server.failNext(1000, 500);
    const failure = await trainer.train().catch((error: unknown) => error);
    expect(R1kitError.isInstance(failure) && failure.code).toBe('NETWORK_ERROR');
    expect(String((failure as Error).message)).toMatch(/failed after 4 attempts/);
    expect(await readdir(outputDir)).toEqual(
      expect.arrayContaining(['checkpoint-1', 'checkpoint-2']),
    );
    trainer.dispose();
    // The checkpoint resumes once the server is back.
    server.failNext(0);
    const resumed = serverTrainer(server, 'resumed', {
      maxSteps: 3,
      outputDir: path('resumed'),
    });
    await resumed.trainer.resume(join(outputDir, 'checkpoint-2'));
    expect(resumed.trainer.step).toBe(2);
    const [next] = await resumed.trainer.train();
    expect(Number.isFinite(next!.loss as number)).toBe(true);
    expect(server.log.at(-1)!.model).toBe('r1kit-resumed-v2');
    resumed.trainer.dispose();
  });

  it('gives clear errors for a server without token ids, without log-probs, or without the model', async () => {
    const request = {
      prompts: [{ promptIds: [1, 3, 9] }],
      numGenerations: 2,
      maxCompletionLength: 3,
      temperature: 1,
      topP: 1,
      topK: 0,
    };
    const code = async (engine: OpenAICompatibleRolloutEngine) =>
      engine.rollout(request).then(
        () => 'resolved',
        (error: unknown) =>
          R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : String(error),
      );
    const noIds = await serve({ withoutTokenIds: true });
    expect(
      await code(new OpenAICompatibleRolloutEngine({ baseUrl: noIds.url, model: servedName })),
    ).toMatch(/^UNSUPPORTED: .*--return-tokens-as-token-ids/);
    const noLogprobs = await serve({ withoutLogprobs: true });
    expect(
      await code(new OpenAICompatibleRolloutEngine({ baseUrl: noLogprobs.url, model: servedName })),
    ).toMatch(/^UNSUPPORTED: .*token_logprobs/);
    expect(
      await code(new OpenAICompatibleRolloutEngine({ baseUrl: noIds.url, model: 'Qwen/Other' })),
    ).toMatch(/^NOT_FOUND: .*"Qwen\/Other".*\["tiny-qwen2"\]/);
    expect(
      () => new OpenAICompatibleRolloutEngine({ baseUrl: 'localhost:8000', model: servedName }),
    ).toThrow(/options.baseUrl must be an http\(s\) URL/);
  });

  it('per-request seeds make a rollout reproducible', async () => {
    const server = await serve();
    const request = {
      prompts: [{ promptIds: [1, 3, 9] }, { promptIds: [1, 4, 9] }],
      numGenerations: 3,
      maxCompletionLength: 4,
      temperature: 1,
      topP: 1,
      topK: 0,
    };
    const first = new OpenAICompatibleRolloutEngine({
      baseUrl: server.url,
      model: servedName,
      seed: 11,
    });
    const second = new OpenAICompatibleRolloutEngine({
      baseUrl: server.url,
      model: servedName,
      seed: 11,
    });
    const a = await first.rollout(request);
    const b = await second.rollout(request);
    expect(a.map((c) => c.completionIds)).toEqual(b.map((c) => c.completionIds));
    expect(a.map((c) => c.promptIndex)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(a.every((c) => c.samplingLogProbs!.length === c.completionIds.length)).toBe(true);
    expect(first.getState()).toEqual({ requests: 1, version: 0 });
  });
});
