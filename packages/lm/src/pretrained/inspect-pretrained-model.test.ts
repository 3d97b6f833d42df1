import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectR1kitError, tinyQwen2 } from '@r1kit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCausalLM } from '../io/save-causal-lm.js';
import { createCausalLM } from '../model/create-causal-lm.js';
import { inspectPretrainedModel } from './inspect-pretrained-model.js';

/** Writes tinyQwen2 (config.json, one or several safetensors files) and a tokenizer.json. */
async function writeModel(directory: string, maxShardSize?: number): Promise<void> {
  const model = createCausalLM({ config: tinyQwen2, seed: 3 });
  try {
    await saveCausalLM(model, directory, { maxShardSize });
  } finally {
    model.dispose();
  }
  await writeFile(join(directory, 'tokenizer.json'), '{}');
}

describe('inspectPretrainedModel', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'r1kit-inspect-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns the parsed config.json and the tokenizer paths of a one-file and a sharded model', async () => {
    const single = join(root, 'single');
    await writeModel(single);
    const files = inspectPretrainedModel({ directory: single });
    expect(files).toEqual({
      directory: single,
      config: expect.objectContaining({
        modelType: 'qwen2',
        hiddenSize: tinyQwen2.hiddenSize,
        numHiddenLayers: tinyQwen2.numHiddenLayers,
        vocabSize: tinyQwen2.vocabSize,
      }),
      tokenizerJson: join(single, 'tokenizer.json'),
      tokenizerConfigJson: undefined,
    });
    const sharded = join(root, 'sharded');
    await writeModel(sharded, 4096);
    await writeFile(join(sharded, 'tokenizer_config.json'), '{}');
    const shardedFiles = inspectPretrainedModel({ directory: sharded });
    expect(shardedFiles.config.intermediateSize).toBe(tinyQwen2.intermediateSize);
    expect(shardedFiles.tokenizerConfigJson).toBe(join(sharded, 'tokenizer_config.json'));
  });

  it('names options.directory and the missing files', async () => {
    const absent = join(root, 'absent');
    expectR1kitError(
      () => inspectPretrainedModel({ directory: absent }),
      'NOT_FOUND',
      `inspectPretrainedModel: options.directory ${JSON.stringify(absent)} is not a directory`,
      'config.json, model.safetensors',
    );
    const partial = join(root, 'partial');
    await writeModel(partial);
    await rm(join(partial, 'tokenizer.json'));
    await rm(join(partial, 'model.safetensors'));
    expectR1kitError(
      () => inspectPretrainedModel({ directory: partial }),
      'NOT_FOUND',
      'options.directory',
      'lacks tokenizer.json, model.safetensors (or model.safetensors.index.json)',
    );
  });

  it('refuses an unsupported model_type and a broken config.json', async () => {
    const directory = join(root, 'gpt2');
    await writeModel(directory);
    const configFile = join(directory, 'config.json');
    const json = JSON.parse(await readFile(configFile, 'utf8'));
    await writeFile(configFile, JSON.stringify({ ...json, model_type: 'gpt2' }));
    expectR1kitError(
      () => inspectPretrainedModel({ directory }),
      'UNSUPPORTED',
      /options\.directory .*gpt2.*model_type.*gpt2.*Qwen2/,
    );
    await writeFile(configFile, '{ not json');
    expectR1kitError(
      () => inspectPretrainedModel({ directory }),
      'PARSE_ERROR',
      'config.json is not valid JSON',
    );
  });
});
