import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors, R1kitError, serializeSafetensors } from '@r1kit/core';
import { maxAbsDiff, tinyLlama, tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCausalLM } from '../model/create-causal-lm.js';
import { loadCausalLM } from './load-causal-lm.js';
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
    const progress: string[] = [];
    const loaded = await loadCausalLM(directory, {
      onProgress: ({ filesRead, fileCount }) => progress.push(`${filesRead}/${fileCount}`),
    });
    const shards = files.filter((file) => file.endsWith('.safetensors')).length;
    expect(progress).toEqual(Array.from({ length: shards }, (_, i) => `${i + 1}/${shards}`));
    if (maxShardSize !== undefined) expect(shards).toBeGreaterThan(1);
    expect(loaded.config).toEqual(config);
    expect(maxAbsDiff(logitsOf(loaded), logitsOf(model))).toBe(0);
    model.dispose();
    loaded.dispose();
  });

  it('loads BF16 weights as the float32 values they encode', async () => {
    const source = join(root, 'bf16-source');
    const model = createCausalLM({ config: tinyQwen2, seed: 4 });
    await saveCausalLM(model, source);
    model.dispose();
    const parsed = parseSafetensors(await readFile(join(source, 'model.safetensors')), {
      float32: true,
    });
    expect(parsed.metadata).toEqual({ format: 'pt' });
    // The same weights twice: as BF16 (upper 16 bits) and as the float32 values BF16 decodes to.
    const header: Record<string, unknown> = {};
    const halves: Uint16Array[] = [];
    const truncated = new Map<string, { shape: number[]; data: Float32Array }>();
    let offset = 0;
    for (const [name, { shape, data }] of Object.entries(parsed.tensors)) {
      const words = new Uint32Array(
        data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      );
      const half = Uint16Array.from(words, (word) => word >>> 16);
      header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + half.byteLength] };
      offset += half.byteLength;
      halves.push(half);
      truncated.set(name, {
        shape,
        data: new Float32Array(Uint32Array.from(half, (h) => h << 16).buffer),
      });
    }
    const json = new TextEncoder().encode(JSON.stringify(header));
    const file = new Uint8Array(8 + json.length + offset);
    new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
    file.set(json, 8);
    let position = 8 + json.length;
    for (const half of halves) {
      file.set(new Uint8Array(half.buffer), position);
      position += half.byteLength;
    }
    const bf16 = join(root, 'bf16');
    const f32 = join(root, 'bf16-as-f32');
    for (const directory of [bf16, f32]) {
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, 'config.json'), await readFile(join(source, 'config.json')));
    }
    await writeFile(join(bf16, 'model.safetensors'), file);
    await writeFile(
      join(f32, 'model.safetensors'),
      serializeSafetensors(truncated, { metadata: { format: 'pt' } }),
    );
    const [fromBf16, fromF32] = [await loadCausalLM(bf16), await loadCausalLM(f32)];
    expect(maxAbsDiff(logitsOf(fromBf16), logitsOf(fromF32))).toBe(0);
    fromBf16.dispose();
    fromF32.dispose();
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

  it('refuses a NaN or infinite weight at load, naming the tensor', async () => {
    const directory = join(root, 'nan');
    const model = createCausalLM({ config: tinyQwen2, seed: 2 });
    await saveCausalLM(model, directory);
    model.dispose();
    const path = join(directory, 'model.safetensors');
    const { tensors } = parseSafetensors(await readFile(path), { float32: true });
    for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY]) {
      const norm = tensors['model.layers.1.post_attention_layernorm.weight']!;
      norm.data[3] = bad;
      await writeFile(path, serializeSafetensors(tensors));
      const error = await loadCausalLM(directory).catch((caught: unknown) => caught);
      expect(R1kitError.isInstance(error) && error.code).toBe('NUMERIC_ERROR');
      expect((error as Error).message).toMatch(
        /model\.safetensors: tensor 'model\.layers\.1\.post_attention_layernorm\.weight' holds (NaN|-Infinity) at element 3/,
      );
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an index weight_map that points outside the model folder', async () => {
    const directory = join(root, 'escape');
    const model = createCausalLM({ config: tinyQwen2, seed: 3 });
    await saveCausalLM(model, directory, { maxShardSize: 4096 });
    model.dispose();
    const indexPath = join(directory, 'model.safetensors.index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8'));
    const first = Object.keys(index.weight_map)[0]!;
    for (const outside of ['../../etc/passwd', '/etc/passwd', '.', 'sub/../../x.safetensors']) {
      index.weight_map[first] = outside;
      await writeFile(indexPath, JSON.stringify(index));
      const error = await loadCausalLM(directory).catch((caught: unknown) => caught);
      expect(R1kitError.isInstance(error) && error.code, outside).toBe('INVALID_CONFIG');
      expect((error as Error).message).toContain(`${JSON.stringify(outside)}, which is outside`);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
