// LlamaCppRolloutEngine against llama.cpp itself (node-llama-cpp's prebuilt binary, a dev
// dependency here): the log-probabilities llama.cpp reports for the tokens it samples must be the
// policy's own (r1kit's sequenceLogProbs), for each architecture the GGUF export writes, before
// and after a LoRA update; and the engine's errors.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import {
  type CausalLMConfig,
  createCausalLM,
  projectionNames,
  sequenceLogProbs,
  type TransformerCausalLM,
} from '@r1kit/lm';
import { GrpoTrainer, type RolloutCompletion, type RolloutRequest } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { LlamaCppRolloutEngine, type NodeLlamaCppModule, writeCausalLMGguf } from '../src/index.js';
import { trainerOptions } from './tiny-policy.js';

const llama = (await import('node-llama-cpp').catch((error: unknown) => {
  console.warn(
    `llama-cpp-rollout-engine.test: skipping the llama.cpp parity tests: cannot import node-llama-cpp (${String(error)})`,
  );
  return undefined;
})) as NodeLlamaCppModule | undefined;

const directory = mkdtempSync(join(tmpdir(), 'r1kit-llama-cpp-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function config(modelType: CausalLMConfig['modelType']): CausalLMConfig {
  return {
    modelType,
    vocabSize: 320,
    hiddenSize: 64,
    intermediateSize: 96,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    maxPositionEmbeddings: 256,
    ropeTheta: 10000,
    rmsNormEps: 1e-6,
    tieWordEmbeddings: modelType !== 'llama',
    attentionBias: modelType === 'qwen2',
    eosTokenId: 300,
  };
}

/** Fills the adapter's `lora_B` (zero at creation) with seeded values, so the adapter matters. */
function perturbAdapter(model: TransformerCausalLM, seed: number): void {
  for (const [name, variable] of model.loraAdapter!.weights) {
    if (name.includes('lora_B')) {
      const values = seed++;
      tf.tidy(() => variable.assign(tf.randomNormal(variable.shape, 0, 0.3, 'float32', values)));
    }
  }
}

/** The policy's log-probabilities of each completion's tokens, at temperature 1. */
function policyLogProbs(
  model: TransformerCausalLM,
  prompt: readonly number[],
  completion: RolloutCompletion,
): number[] {
  const ids = [...prompt, ...completion.completionIds];
  return tf.tidy(() => {
    const inputIds = tf.tensor2d([ids], [1, ids.length], 'int32');
    const logp = sequenceLogProbs(model, {
      inputIds,
      completionLength: completion.completionIds.length,
    });
    return [...logp.dataSync()];
  });
}

const request: RolloutRequest = {
  prompts: [{ promptIds: [5, 17, 200, 33, 9] }, { promptIds: [1, 2] }],
  numGenerations: 3,
  maxCompletionLength: 6,
  temperature: 1,
  topP: 1,
  topK: 0,
};

/** Largest |llama.cpp's sampling log-prob - the policy's| over a rollout. */
function largestGap(model: TransformerCausalLM, completions: RolloutCompletion[]): number {
  let gap = 0;
  for (const completion of completions) {
    const prompt = request.prompts[completion.promptIndex]!.promptIds;
    const expected = policyLogProbs(model, prompt, completion);
    completion.samplingLogProbs!.forEach((value, index) => {
      gap = Math.max(gap, Math.abs(value - expected[index]!));
    });
  }
  return gap;
}

describe.skipIf(llama === undefined)('LlamaCppRolloutEngine on llama.cpp', () => {
  for (const modelType of ['llama', 'qwen2', 'qwen3'] as const) {
    it(`samples ${modelType} with the policy's log-probs, before and after a LoRA update`, async () => {
      const model = createCausalLM({ config: config(modelType), seed: 11, initializerRange: 0.3 });
      model.addAdapter({ rank: 4, alpha: 8, targetModules: [...projectionNames], seed: 5 });
      perturbAdapter(model, 100);
      const engine = new LlamaCppRolloutEngine({
        model,
        directory: join(directory, modelType),
        llama,
        seed: 3,
        adaptersPerModelLoad: 1,
      });
      const before = tf.memory().numTensors;
      try {
        const first = await engine.rollout(request);
        expect(first.map((completion) => completion.promptIndex)).toEqual([0, 0, 0, 1, 1, 1]);
        for (const completion of first) {
          expect(completion.completionIds.length).toBe(completion.samplingLogProbs!.length);
          expect(completion.policyVersion).toBe(0);
          const ended = completion.completionIds.at(-1) === 300;
          expect(completion.finishReason).toBe(ended ? 'eos' : 'length');
          if (!ended) expect(completion.completionIds).toHaveLength(6);
        }
        // Seeds are per completion: different completions, and the same ones again after a reset.
        expect(
          new Set(first.map((completion) => completion.completionIds.join(','))).size,
        ).toBeGreaterThan(3);
        expect(largestGap(model, first)).toBeLessThan(1e-4);
        const state = engine.getState();

        perturbAdapter(model, 200);
        engine.onPolicyUpdate({ step: 1 });
        const second = await engine.rollout(request);
        expect(second[0]!.policyVersion).toBe(1);
        // Against the updated policy; the old adapter would be far off (checked below).
        expect(largestGap(model, second)).toBeLessThan(1e-4);
        perturbAdapter(model, 100); // back to the first adapter's values
        expect(largestGap(model, second)).toBeGreaterThan(0.01);
        // One adapter file at a time.
        expect(
          readdirSync(join(directory, modelType)).filter((file) => file.startsWith('adapter')),
        ).toHaveLength(1);

        perturbAdapter(model, 200); // the second adapter again
        engine.setState(state);
        engine.onPolicyUpdate({ step: 0 });
        const again = await engine.rollout(request);
        expect(again.map((completion) => completion.completionIds)).toEqual(
          second.map((completion) => completion.completionIds),
        );
      } finally {
        await engine.dispose();
        expect(tf.memory().numTensors).toBe(before);
        model.dispose();
      }
    });
  }

  it("drives a GRPO run: after every step llama.cpp samples the trainer's updated policy", async () => {
    const model = createCausalLM({ config: config('qwen2'), seed: 11, initializerRange: 0.3 });
    model.addAdapter({
      rank: 4,
      alpha: 8,
      targetModules: ['q_proj', 'v_proj', 'up_proj'],
      seed: 5,
    });
    const engine = new LlamaCppRolloutEngine({
      model,
      directory: join(directory, 'grpo'),
      llama,
      seed: 9,
    });
    const versions: number[][] = [];
    // The rollout tests' trainer settings, with a reward that varies over a 320-token vocabulary.
    const trainer = new GrpoTrainer({
      ...trainerOptions(),
      model,
      rewardFunctions: [
        {
          name: 'high ids',
          compute: ({ completionIds }) =>
            completionIds.map((ids) => ids.reduce((sum, id) => sum + id, 0) / (320 * ids.length)),
        },
      ],
      rollout: {
        rollout: async (rolloutRequest) => {
          const completions = await engine.rollout(rolloutRequest);
          versions.push([...new Set(completions.map((completion) => completion.policyVersion!))]);
          return completions;
        },
        onPolicyUpdate: (update) => engine.onPolicyUpdate(update),
      },
    });
    try {
      const metrics = await trainer.train();
      expect(metrics).toHaveLength(3);
      expect(versions).toEqual([[0], [1], [2]]);
      for (const step of metrics) {
        // llama.cpp sampled exactly the policy the trainer scored: importance weights of 1.
        expect(step['sampling/importance_sampling_ratio/min']).toBeCloseTo(1, 4);
        expect(step['sampling/importance_sampling_ratio/max']).toBeCloseTo(1, 4);
        expect(step['sampling/sampling_logp_difference/max']).toBeLessThan(1e-4);
        expect(step.grad_norm as number).toBeGreaterThan(0);
      }
    } finally {
      await engine.dispose();
      trainer.dispose();
      model.dispose();
    }
  });

  it('samples from float16 weights within half-precision rounding of the policy', async () => {
    const model = createCausalLM({ config: config('qwen2'), seed: 11, initializerRange: 0.3 });
    const engine = new LlamaCppRolloutEngine({
      model,
      directory: join(directory, 'f16'),
      llama,
      weightType: 'f16',
      seed: 3,
    });
    try {
      // Two rollouts asked at once run one after the other, with their own seeds.
      const [completions, next] = await Promise.all([
        engine.rollout(request),
        engine.rollout(request),
      ]);
      expect(next).toHaveLength(6);
      expect(next.map((c) => c.completionIds)).not.toEqual(completions.map((c) => c.completionIds));
      const gap = largestGap(model, completions);
      expect(gap).toBeGreaterThan(1e-5); // rounded weights: not the float32 policy exactly
      expect(gap).toBeLessThan(0.05);
    } finally {
      await engine.dispose();
      model.dispose();
    }
  });
});

describe('LlamaCppRolloutEngine errors', () => {
  const tiny = () => createCausalLM({ config: config('qwen2'), seed: 1 });

  it('names a bad option', () => {
    const model = tiny();
    const build = (options: object) => () =>
      new LlamaCppRolloutEngine({ model, directory, ...options } as never);
    expect(build({ directory: '' })).toThrow(/options\.directory must be a directory path/);
    expect(build({ parallelSequences: 0 })).toThrow(
      /options\.parallelSequences must be a positive integer; received 0/,
    );
    expect(build({ threads: 1.5 })).toThrow(/options\.threads must be a positive integer/);
    model.dispose();
  });

  it('refuses soft tokens and architectures it cannot write', async () => {
    const model = tiny();
    const engine = new LlamaCppRolloutEngine({ model, directory, llama: {} as never });
    const refused = await engine
      .rollout({ ...request, softTokens: {} as never })
      .catch((error: unknown) => error);
    expect(R1kitError.isInstance(refused) && refused.code).toBe('UNSUPPORTED');
    model.dispose();
    const gemma = createCausalLM({
      config: { ...config('qwen2'), modelType: 'gemma3_text', attentionBias: false, headDim: 16 },
      seed: 1,
    });
    const error = await writeCausalLMGguf({ model: gemma, path: join(directory, 'g.gguf') }).catch(
      (caught: unknown) => caught,
    );
    expect(R1kitError.isInstance(error) && error.code).toBe('UNSUPPORTED');
    expect(String(error)).toMatch(/modelType 'gemma3_text'/);
    gemma.dispose();
    const small = createCausalLM({
      config: { ...config('llama'), vocabSize: 64, eosTokenId: 2 },
      seed: 1,
    });
    await expect(
      writeCausalLMGguf({ model: small, path: join(directory, 's.gguf') }),
    ).rejects.toThrow(/vocabSize 64/);
    small.dispose();
  });
});
