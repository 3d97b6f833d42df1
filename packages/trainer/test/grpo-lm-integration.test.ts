// End to end with the real packages: a tiny Qwen2 from @r1kit/lm with a LoRA adapter, sampling
// through @r1kit/sampling's generate with the KV cache (the default in-process engine), soft
// tokens from a trainable "encoder adapter" variable, and KL to the adapter-disabled base.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CausalLMConfig, createCausalLM } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GrpoTrainer } from '../src/grpo/grpo-trainer.js';
import type { GrpoPrompt } from '../src/grpo/grpo-types.js';

const config: CausalLMConfig = {
  modelType: 'qwen2',
  vocabSize: 16,
  hiddenSize: 16,
  intermediateSize: 32,
  numHiddenLayers: 1,
  numAttentionHeads: 2,
  numKeyValueHeads: 1,
  maxPositionEmbeddings: 64,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  attentionBias: true,
  eosTokenId: 2,
};
const placeholder = 15;
const prompts: GrpoPrompt<number>[] = [3, 4, 5, 6].map((a) => ({
  promptIds: [1, placeholder, a],
  payload: a,
}));

function setup(outputDir?: string) {
  const model = createCausalLM({ config, seed: 7, initializerRange: 0.5 });
  model.addAdapter({
    rank: 2,
    alpha: 4,
    targetModules: ['q_proj', 'v_proj', 'up_proj', 'down_proj'],
  });
  const encoder = tf.tidy(() => tf.variable(tf.randomNormal([16], 0, 0.1, 'float32', 1)));
  const trainer = new GrpoTrainer<number>({
    model,
    prompts,
    rewardFunctions: [
      {
        name: 'sevens',
        compute: ({ completionIds }) =>
          completionIds.map((ids) => ids.filter((id) => id === 7).length / ids.length),
      },
    ],
    extraVariables: [encoder],
    softTokens: (payloads) => ({
      placeholderTokenId: placeholder,
      embeddings: tf.stack(
        payloads.map((a) => tf.reshape(tf.mul(encoder, a!), [1, 16])),
      ) as tf.Tensor3D,
    }),
    numGenerations: 4,
    perDeviceTrainBatchSize: 4,
    gradientAccumulationSteps: 2,
    maxCompletionLength: 5,
    learningRate: 0.02,
    loss: { beta: 0.1, maskTruncatedCompletions: false },
    numIterations: 2,
    maxSteps: 4,
    seed: 5,
    outputDir,
    saveSteps: 2,
    progress: false,
  });
  return { model, encoder, trainer };
}

describe('GrpoTrainer with @r1kit/lm LoRA, @r1kit/sampling and soft tokens', () => {
  it('trains adapter and encoder variables, logs KL, resumes exactly, and frees its tensors', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'r1kit-grpo-lm-'));
    const before = tf.memory().numTensors;
    const straight = setup(outputDir);
    const encoderStart = Array.from(straight.encoder.dataSync());
    const history = await straight.trainer.train();
    expect(history).toHaveLength(4);
    expect(Math.max(...history.map((m) => m.kl as number))).toBeGreaterThan(0);
    expect(Array.from(straight.encoder.dataSync())).not.toEqual(encoderStart);
    // Checkpoints carry the PEFT adapter written through @r1kit/lm.
    expect((await readdir(join(outputDir, 'checkpoint-2', 'model'))).sort()).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
    ]);
    const resumed = setup();
    await resumed.trainer.resume(join(outputDir, 'checkpoint-2'));
    await resumed.trainer.train();
    const values = (run: typeof straight) => [
      ...run.model.trainableVariables().map((v) => Array.from(v.dataSync())),
      Array.from(run.encoder.dataSync()),
    ];
    expect(values(resumed)).toEqual(values(straight));
    for (const run of [straight, resumed]) {
      run.trainer.dispose();
      run.model.dispose();
      run.encoder.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
  it('refuses a KL reference when the model has no adapter (the base would be the policy itself)', () => {
    const model = createCausalLM({ config, seed: 7 });
    const build = () =>
      new GrpoTrainer<number>({
        model,
        prompts,
        rewardFunctions: [
          { name: 'zero', compute: ({ completionIds }) => completionIds.map(() => 0) },
        ],
        numGenerations: 4,
        perDeviceTrainBatchSize: 4,
        loss: { beta: 0.1 },
        maxSteps: 1,
        progress: false,
      });
    expect(build).toThrow(/no reference policy/);
    model.addAdapter({ rank: 2, alpha: 4, targetModules: ['q_proj'] });
    build().dispose();
    model.dispose();
  });
});
