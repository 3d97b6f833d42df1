// The README's example, run as a test (keep the two in sync).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('README example trains with SFT then GRPO', async () => {
  const outputDir = await mkdtemp(join(tmpdir(), 'r1kit-readme-'));
  // --- README example start ---
  const { createCausalLM } = await import('@r1kit/lm');
  const { GrpoTrainer, SftTrainer } = await import('@r1kit/trainer');

  const model = createCausalLM({
    seed: 0,
    initializerRange: 0.3,
    config: {
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
    },
  });
  model.addAdapter({ rank: 4, alpha: 8 });

  // 1. SFT cold start: prompt [1, a] -> completion [a + 5, 2].
  const examples = [3, 4, 5, 6].map((a) => ({
    inputIds: [1, a, a + 5, 2],
    completionMask: [0, 0, 1, 1],
  }));
  const sft = new SftTrainer({
    model,
    examples,
    batchSize: 4,
    maxSteps: 20,
    learningRate: 0.02,
    outputDir: `${outputDir}/sft`,
    progress: false,
  });
  await sft.train();
  sft.dispose();

  // 2. GRPO: reward completions that contain token 7.
  const grpo = new GrpoTrainer({
    model,
    prompts: [3, 4, 5, 6].map((a) => ({ promptIds: [1, a] })),
    rewardFunctions: [
      {
        name: 'has_seven',
        compute: ({ completionIds }) => completionIds.map((ids) => (ids.includes(7) ? 1 : 0)),
      },
    ],
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 6,
    learningRate: 0.02,
    loss: { beta: 0.04 },
    maxSteps: 5,
    outputDir: `${outputDir}/grpo`,
    saveSteps: 5,
    progress: false,
  });
  const metrics = await grpo.train();
  console.log(metrics.at(-1));
  grpo.dispose();
  model.dispose();
  // --- README example end ---
  expect(metrics).toHaveLength(5);
  expect(metrics.at(-1)).toHaveProperty('rewards/has_seven/mean');
});
