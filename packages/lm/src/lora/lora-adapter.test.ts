import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors, R1kitError } from '@r1kit/core';
import { maxAbsDiff, tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCausalLM } from '../model/create-causal-lm.js';
import { loadLoraAdapter } from './load-lora-adapter.js';
import { saveLoraAdapter } from './save-lora-adapter.js';

const inputIds = () => tf.tensor2d([[4, 8, 15, 16, 23, 42]], undefined, 'int32');
const logitsOf = (model: ReturnType<typeof createCausalLM>) =>
  tf.tidy(() => model.forward({ inputIds: inputIds() }).logits.dataSync());

/** Fills every lora_B with seeded noise so the adapter changes the outputs. */
function perturbAdapter(model: ReturnType<typeof createCausalLM>): void {
  let seed = 1;
  for (const [name, variable] of model.loraAdapter!.weights) {
    if (!name.includes('lora_B')) continue;
    const values = tf.randomNormal(variable.shape, 0, 0.5, 'float32', seed++);
    variable.assign(values);
    values.dispose();
  }
}

describe('LoRA adapters', () => {
  let directory: string;
  let before: number;
  beforeAll(async () => {
    before = tf.memory().numTensors;
    directory = await mkdtemp(join(tmpdir(), 'r1kit-lora-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts as the identity, freezes the base and trains only the adapter', () => {
    const model = createCausalLM({ config: tinyQwen2, seed: 5 });
    const base = logitsOf(model);
    const adapter = model.addAdapter({
      rank: 4,
      alpha: 8,
      targetModules: ['q_proj', 'v_proj', 'down_proj'],
      seed: 2,
    });
    expect(adapter.weights.size).toBe(2 * 3 * tinyQwen2.numHiddenLayers);
    expect(maxAbsDiff(logitsOf(model), base)).toBe(0);
    expect(model.trainableVariables()).toHaveLength(adapter.weights.size);
    expect([...model.namedWeights().values()].every((v) => !v.trainable)).toBe(true);
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => tf.mean(model.forward({ inputIds: inputIds() }).logits) as tf.Scalar),
    );
    const ids = new Set(model.trainableVariables().map((v) => v.name));
    expect(Object.keys(grads).every((name) => ids.has(name))).toBe(true);
    expect(Object.keys(grads)).toHaveLength(adapter.weights.size);
    value.dispose();
    tf.dispose(grads);
    model.dispose();
  });

  it('disableAdapters reproduces the frozen base exactly; enableAdapters restores the update', () => {
    const model = createCausalLM({ config: tinyQwen2, seed: 5 });
    const base = logitsOf(model);
    model.addAdapter({
      rank: 2,
      targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
    });
    perturbAdapter(model);
    const adapted = logitsOf(model);
    expect(maxAbsDiff(adapted, base)).toBeGreaterThan(1e-3);
    model.disableAdapters();
    expect(model.adaptersEnabled).toBe(false);
    expect(maxAbsDiff(logitsOf(model), base)).toBe(0);
    model.enableAdapters();
    expect(maxAbsDiff(logitsOf(model), adapted)).toBe(0);
    expect(
      maxAbsDiff(
        model.withAdaptersDisabled(() => logitsOf(model)),
        base,
      ),
    ).toBe(0);
    expect(model.adaptersEnabled).toBe(true);
    model.dispose();
  });

  it('applies x A^T B^T * alpha / rank on the targeted projection', () => {
    const model = createCausalLM({ config: { ...tinyQwen2, numHiddenLayers: 1 }, seed: 9 });
    const adapter = model.addAdapter({ rank: 2, alpha: 6, targetModules: ['o_proj'] });
    perturbAdapter(model);
    // Merging the update into o_proj's weight (W + B A * alpha / rank) must give the same logits.
    const merged = createCausalLM({ config: { ...tinyQwen2, numHiddenLayers: 1 }, seed: 9 });
    const name = 'model.layers.0.self_attn.o_proj';
    const a = adapter.weights.get(`${name}.lora_A.weight`)!;
    const b = adapter.weights.get(`${name}.lora_B.weight`)!;
    const weight = merged.namedWeights().get(`${name}.weight`)!;
    tf.tidy(() => weight.assign(tf.add(weight, tf.mul(tf.transpose(tf.matMul(b, a)), 3))));
    expect(maxAbsDiff(logitsOf(model), logitsOf(merged))).toBeLessThan(1e-5);
    model.dispose();
    merged.dispose();
  });

  it('applies LoRA dropout only in training mode, reproducibly under the model seed', () => {
    const run = () => {
      const model = createCausalLM({ config: tinyQwen2, seed: 8 });
      model.addAdapter({ rank: 2, dropout: 0.5, targetModules: ['q_proj', 'up_proj'] });
      perturbAdapter(model);
      const [evaluation, first, second] = tf.tidy(() => [
        model.forward({ inputIds: inputIds() }).logits.dataSync(),
        model.forward({ inputIds: inputIds(), training: true }).logits.dataSync(),
        model.forward({ inputIds: inputIds(), training: true }).logits.dataSync(),
      ]);
      const again = logitsOf(model);
      model.dispose();
      return { evaluation, first, second, again };
    };
    const a = run();
    const b = run();
    expect(maxAbsDiff(a.evaluation, a.again)).toBe(0);
    expect(maxAbsDiff(a.first, a.evaluation)).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(a.first, a.second)).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(a.first, b.first)).toBe(0);
    expect(maxAbsDiff(a.second, b.second)).toBe(0);
  });

  it('saves and loads PEFT adapters (names, config, values)', async () => {
    const model = createCausalLM({ config: tinyQwen2, seed: 5 });
    model.addAdapter({ rank: 3, alpha: 12, dropout: 0.1, targetModules: ['k_proj', 'up_proj'] });
    perturbAdapter(model);
    await saveLoraAdapter(model, directory, { baseModelNameOrPath: 'tiny' });
    const config = JSON.parse(await readFile(join(directory, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({
      peft_type: 'LORA',
      r: 3,
      lora_alpha: 12,
      lora_dropout: 0.1,
      target_modules: ['k_proj', 'up_proj'],
    });
    const { tensors } = parseSafetensors(
      await readFile(join(directory, 'adapter_model.safetensors')),
    );
    expect(tensors['base_model.model.model.layers.1.mlp.up_proj.lora_B.weight']?.shape).toEqual([
      24, 3,
    ]);
    const restored = createCausalLM({ config: tinyQwen2, seed: 5 });
    await loadLoraAdapter(restored, directory);
    expect(maxAbsDiff(logitsOf(restored), logitsOf(model))).toBe(0);
    const again = await loadLoraAdapter(restored, directory).catch((error: unknown) => error);
    expect(R1kitError.isInstance(again) && again.code).toBe('INVALID_STATE');
    model.dispose();
    restored.dispose();
  });

  it('rejects bad options and adapters of another shape', async () => {
    const model = createCausalLM({ config: tinyQwen2, seed: 5 });
    const error = (() => {
      try {
        model.addAdapter({ rank: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(R1kitError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toMatch(/options\.rank.*received 0/);
    const wider = createCausalLM({ config: { ...tinyQwen2, hiddenSize: 32 }, seed: 5 });
    const mismatch = await loadLoraAdapter(wider, directory).catch((caught: unknown) => caught);
    expect(R1kitError.isInstance(mismatch) && mismatch.code).toBe('SHAPE_MISMATCH');
    model.dispose();
    wider.dispose();
  });
});
