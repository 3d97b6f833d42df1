import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, tinyLlama, tinyQwen2 } from '../../test/tiny-config.js';
import { createCausalLM } from '../model/create-causal-lm.js';
import { loadCausalLM } from './load-causal-lm.js';
import { serializeSafetensors } from './safetensors-write.js';
import { saveCausalLM } from './save-causal-lm.js';

const logitsOf = (model: ReturnType<typeof createCausalLM>) =>
  tf.tidy(() =>
    model.forward({ inputIds: tf.tensor2d([[1, 2, 3, 4]], undefined, 'int32') }).logits.dataSync(),
  );

describe('saveCausalLM / loadCausalLM', () => {
  let root: string;
  let before: number;
  beforeAll(async () => {
    before = tf.memory().numTensors;
    root = await mkdtemp(join(tmpdir(), 'r1kit-lm-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['qwen2, one file', tinyQwen2, undefined],
    ['llama tied, sharded', tinyLlama, 4096],
  ])('round-trips a model (%s) with identical logits', async (label, config, maxShardSize) => {
    const directory = join(root, label.replace(/\W+/g, '-'));
    const model = createCausalLM({ config, seed: 21 });
    await saveCausalLM(model, directory, { maxShardSize });
    const files = await readdir(directory);
    if (maxShardSize === undefined)
      expect(files.sort()).toEqual(['config.json', 'model.safetensors']);
    else expect(files).toContain('model.safetensors.index.json');
    const json = JSON.parse(await readFile(join(directory, 'config.json'), 'utf8'));
    expect(json).toMatchObject({
      model_type: config.modelType,
      hidden_size: 16,
      tie_word_embeddings: config.tieWordEmbeddings,
    });
    const loaded = await loadCausalLM(directory);
    expect(loaded.config).toEqual(config);
    expect(maxAbsDiff(logitsOf(loaded), logitsOf(model))).toBe(0);
    model.dispose();
    loaded.dispose();
  });

  it('reports a missing directory, a missing tensor and a shape that contradicts config.json', async () => {
    const missing = await loadCausalLM(join(root, 'nope')).catch((error: unknown) => error);
    expect(R1kitError.isInstance(missing) && missing.code).toBe('NOT_FOUND');
    const directory = join(root, 'broken');
    const model = createCausalLM({ config: tinyQwen2, seed: 1 });
    await saveCausalLM(model, directory);
    model.dispose();
    const weight = (shape: number[]) => ({
      shape,
      data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
    });
    await writeFile(
      join(directory, 'model.safetensors'),
      serializeSafetensors(new Map([['model.embed_tokens.weight', weight([50, 16])]])),
    );
    const incomplete = await loadCausalLM(directory).catch((error: unknown) => error);
    expect(R1kitError.isInstance(incomplete) && incomplete.code).toBe('NOT_FOUND');
    expect((incomplete as Error).message).toContain('model.layers.0.input_layernorm.weight');
    await writeFile(
      join(directory, 'model.safetensors'),
      serializeSafetensors(new Map([['model.embed_tokens.weight', weight([50, 8])]])),
    );
    const wrong = await loadCausalLM(directory).catch((error: unknown) => error);
    expect(R1kitError.isInstance(wrong) && wrong.code).toBe('SHAPE_MISMATCH');
    expect((wrong as Error).message).toMatch(/\[50, 8\].*\[50, 16\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
