import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { loadCausalLM, type TransformerCausalLM } from '@r1kit/lm';
import {
  GrpoTrainer,
  type GrpoTrainerOptions,
  type RolloutCompletion,
  type RolloutEngine,
  type StepMetrics,
} from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  FullWeightSync,
  LoraAdapterSync,
  parseSglangResponse,
  type SglangGenerateResponse,
  SglangRolloutEngine,
  tokenEmbeddingLookup,
} from '../src/index.js';
import { fastRetries, useFakeServers } from './fake-server-fixture.js';
import { baseModel, config, policyModel, servedName, trainerOptions } from './tiny-policy.js';

const compared = ['loss', 'reward', 'reward_std', 'entropy', 'grad_norm', 'num_tokens'];
const { serve, path } = useFakeServers('r1kit-sglang-');

/** Wraps an engine so that every rollout's completions are kept. */
function recording(engine: SglangRolloutEngine) {
  const rollouts: RolloutCompletion[][] = [];
  const wrapped: RolloutEngine = {
    rollout: async (request) => {
      const completions = await engine.rollout(request);
      rollouts.push(completions);
      return completions;
    },
    onPolicyUpdate: (update) => engine.onPolicyUpdate(update),
    getState: () => engine.getState(),
    setState: (state) => engine.setState(state),
  };
  return { wrapped, rollouts };
}

function expectSameRun(actual: StepMetrics[], expected: StepMetrics[], corrected = true) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((metrics, step) => {
    for (const key of compared) {
      expect(metrics[key], `${key} at step ${step}`).toBeCloseTo(expected[step]![key] as number, 5);
    }
    if (!corrected) {
      expect(metrics['sampling/importance_sampling_ratio/mean']).toBeUndefined();
      return;
    }
    // The server sampled with the weights the trainer scores with: every importance weight is 1.
    expect(metrics['sampling/importance_sampling_ratio/min']).toBeCloseTo(1, 4);
    expect(metrics['sampling/importance_sampling_ratio/max']).toBeCloseTo(1, 4);
    expect(metrics['sampling/sampling_logp_difference/max']).toBeLessThan(1e-4);
  });
}

describe('SglangRolloutEngine against an SGLang-schema server', () => {
  it('input_ids with LoRA hot-swap: the GRPO run equals the in-process run, adapter versions advance', async () => {
    const local = policyModel();
    const inProcess = new GrpoTrainer({ ...trainerOptions(), model: local });
    const expected = await inProcess.train();
    inProcess.dispose();
    const server = await serve();
    const model = policyModel();
    const engine = new SglangRolloutEngine({
      baseUrl: server.url,
      weightSync: new LoraAdapterSync({
        model,
        baseUrl: server.url,
        server: 'sglang',
        directory: path('lora'),
        retry: fastRetries,
      }),
      retry: fastRetries,
    });
    const { wrapped, rollouts } = recording(engine);
    const trainer = new GrpoTrainer({ ...trainerOptions(), model, rollout: wrapped });
    expectSameRun(await trainer.train(), expected);
    trainer.dispose();
    // Each rollout asked /generate for the adapter of its policy version (lora_path).
    expect(server.log).toEqual(
      [0, 1, 2].map((version) => ({
        path: '/generate',
        model: `r1kit-policy-v${version}`,
        input: 'input_ids',
      })),
    );
    expect(
      rollouts.map((completions) => [...new Set(completions.map((c) => c.policyVersion))]),
    ).toEqual([[0], [1], [2]]);
    expect(server.adapterEvents).toEqual([
      'load:r1kit-policy-v0',
      'load:r1kit-policy-v1',
      'unload:r1kit-policy-v0',
      'load:r1kit-policy-v2',
      'unload:r1kit-policy-v1',
      'load:r1kit-policy-v3',
      'unload:r1kit-policy-v2',
    ]);
    // PEFT files of every version are on the shared directory.
    expect((await readdir(path('lora'))).sort()).toEqual(
      [0, 1, 2, 3].map((version) => `r1kit-policy-v${version}`),
    );
    expect(engine.policyVersion).toBe(3);
  });

  it('input_embeds: soft tokens reach the server as embeddings and the run equals the in-process one', async () => {
    const placeholder = config.vocabSize - 1; // the id the test server gives rows it cannot find
    const options = (model: TransformerCausalLM): GrpoTrainerOptions<number> => ({
      ...(trainerOptions() as GrpoTrainerOptions<number>),
      model,
      prompts: [3, 4, 5, 6].map((a) => ({ promptIds: [1, placeholder, a, 9], payload: a / 8 })),
      softTokens: (payloads) =>
        tf.tidy(() => {
          const rows = payloads.map((payload) =>
            tf.mul(tf.linspace(-1, 1, config.hiddenSize).reshape([1, 1, -1]), payload ?? 0),
          );
          return {
            placeholderTokenId: placeholder,
            embeddings: tf.concat(rows, 0) as tf.Tensor3D,
          };
        }),
      maxSteps: 2,
      loss: { vllmImportanceSamplingCorrection: false },
    });
    const local = policyModel();
    const inProcess = new GrpoTrainer(options(local));
    const expected = await inProcess.train();
    inProcess.dispose();
    const server = await serve();
    const model = policyModel();
    const engine = new SglangRolloutEngine({
      baseUrl: server.url,
      embedTokens: tokenEmbeddingLookup(model),
      weightSync: new LoraAdapterSync({
        model,
        baseUrl: server.url,
        server: 'sglang',
        directory: path('embeds'),
        adapterPrefix: 'embeds',
        retry: fastRetries,
      }),
      retry: fastRetries,
    });
    const trainer = new GrpoTrainer({ ...options(model), rollout: engine });
    const actual = await trainer.train();
    trainer.dispose();
    // @r1kit/sampling never samples the placeholder id, so the sampler's log-probs are those of a
    // distribution without it (each token's ratio is 1 - p(placeholder) < 1): the correction is
    // off in both runs here, which must then agree number for number.
    expectSameRun(actual, expected, false);
    expect(server.log.map((entry) => `${entry.input} ${entry.model}`)).toEqual([
      'input_embeds embeds-v0',
      'input_embeds embeds-v1',
    ]);
  });

  it('FullWeightSync: /update_weights_from_disk loads the saved weights, and full fine-tuning matches in-process', async () => {
    const local = baseModel();
    const inProcess = new GrpoTrainer({ ...trainerOptions(), model: local, learningRate: 0.01 });
    const expected = await inProcess.train();
    inProcess.dispose();
    const server = await serve();
    const model = baseModel();
    const target = path('full');
    const engine = new SglangRolloutEngine({
      baseUrl: server.url,
      weightSync: new FullWeightSync({
        model,
        baseUrl: server.url,
        directory: target,
        retry: fastRetries,
      }),
      retry: fastRetries,
    });
    const trainer = new GrpoTrainer({
      ...trainerOptions(),
      model,
      learningRate: 0.01,
      rollout: engine,
    });
    expectSameRun(await trainer.train(), expected);
    trainer.dispose();
    expect(server.adapterEvents).toEqual(
      [0, 1, 2, 3].map((version) => `update:${join(target, `policy-v${version}`)}`),
    );
    // Full weights keep the served name (no lora_path) ...
    expect(server.log.map((entry) => entry.model)).toEqual([servedName, servedName, servedName]);
    // ... and the server now holds exactly the trained weights, which differ from the initial ones.
    const served = server.servedModel().namedWeights();
    const initial = baseModel();
    let moved = 0;
    for (const [name, weight] of model.namedWeights()) {
      expect(Array.from(served.get(name)!.dataSync()), name).toEqual(Array.from(weight.dataSync()));
      moved = Math.max(
        moved,
        tf.tidy(
          () => tf.max(tf.abs(tf.sub(weight, initial.namedWeights().get(name)!))).dataSync()[0]!,
        ),
      );
    }
    expect(moved).toBeGreaterThan(1e-3);
    initial.dispose();
    // The written version loads on its own (an SGLang server restarted on it would serve it).
    const reloaded = await loadCausalLM(join(target, 'policy-v3'));
    const ids = tf.tensor2d([[1, 3, 9, 4]], undefined, 'int32');
    const [a, b] = [reloaded, model].map((m) =>
      tf.tidy(() => Array.from(m.forward({ inputIds: ids }).logits.dataSync())),
    );
    expect(a).toEqual(b);
    ids.dispose();
    reloaded.dispose();
  });

  it('retries a failing /generate with back-off, then reports NETWORK_ERROR', async () => {
    const server = await serve();
    const engine = new SglangRolloutEngine({ baseUrl: server.url, retry: fastRetries });
    const request = {
      prompts: [{ promptIds: [1, 3, 9] }],
      numGenerations: 2,
      maxCompletionLength: 3,
      temperature: 1,
      topP: 1,
      topK: 0,
    };
    server.failNext(2, 503);
    const completions = await engine.rollout(request);
    expect(completions.map((c) => c.promptIndex)).toEqual([0, 0]);
    expect(completions.every((c) => c.policyVersion === 0)).toBe(true);
    server.failNext(10, 500);
    const failure = await engine.rollout(request).catch((error: unknown) => error);
    expect(R1kitError.isInstance(failure) && failure.code).toBe('NETWORK_ERROR');
    expect(String((failure as Error).message)).toMatch(/\/generate failed after 4 attempts/);
    server.failNext(0);
  });

  it('gives clear errors: no log-probs, soft tokens without embedTokens, aborted requests', async () => {
    const request = {
      prompts: [{ promptIds: [1, 3, 9] }],
      numGenerations: 2,
      maxCompletionLength: 3,
      temperature: 1,
      topP: 1,
      topK: 0,
    };
    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (error: unknown) =>
          R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : String(error),
      );
    const noLogprobs = await serve({ withoutLogprobs: true });
    expect(
      await outcome(new SglangRolloutEngine({ baseUrl: noLogprobs.url }).rollout(request)),
    ).toMatch(/^UNSUPPORTED: .*output_token_logprobs/);
    const embeddings = tf.zeros([1, 1, config.hiddenSize]) as tf.Tensor3D;
    expect(
      await outcome(
        new SglangRolloutEngine({ baseUrl: noLogprobs.url }).rollout({
          ...request,
          prompts: [{ promptIds: [1, 15, 9] }],
          softTokens: { placeholderTokenId: 15, embeddings },
        }),
      ),
    ).toMatch(/^UNSUPPORTED: .*options.embedTokens/);
    embeddings.dispose();
    const aborted: SglangGenerateResponse = {
      text: '',
      output_ids: [],
      meta_info: {
        id: 'req-7',
        finish_reason: { type: 'abort', message: 'The server is shutting down.' },
        prompt_tokens: 3,
        completion_tokens: 0,
        output_token_logprobs: [],
      },
    };
    expect(() => parseSglangResponse(aborted, 0)).toThrow(
      /aborted request req-7: The server is shutting down/,
    );
  });

  it('parses SGLang finish reasons: eos id, stop string, length', () => {
    const answer = (finish: SglangGenerateResponse['meta_info']['finish_reason']) =>
      parseSglangResponse(
        {
          text: '4 7',
          output_ids: [4, 7],
          meta_info: {
            id: 'a',
            finish_reason: finish,
            prompt_tokens: 3,
            completion_tokens: 2,
            output_token_logprobs: [
              [-0.5, 4, null],
              [-1.25, 7, null],
            ],
          },
        },
        3,
      );
    expect(answer({ type: 'stop', matched: 2 })).toEqual({
      promptIndex: 3,
      completionIds: [4, 7],
      text: '4 7',
      finishReason: 'eos',
      samplingLogProbs: [-0.5, -1.25],
    });
    expect(answer({ type: 'stop', matched: '</answer>' }).finishReason).toBe('stop');
    expect(answer({ type: 'length', matched: null }).finishReason).toBe('length');
  });
});
