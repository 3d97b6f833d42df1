import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leanGradients } from '../autodiff/lean-gradients.js';
import { sequenceLogProbs } from '../log-probs/sequence-log-probs.js';
import { createCausalLM } from '../model/create-causal-lm.js';
import { projectionNames } from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';
import { defaultWeightPacking, estimateMemory } from './estimate-memory.js';
import { assertMemoryFits, memoryLimit, wasmHeapMaxBytes } from './memory-limit.js';

/** SmolLM2-135M's layer geometry with 2 layers and a 4096-token vocabulary: a step of seconds. */
const shape: CausalLMConfig = {
  modelType: 'llama',
  vocabSize: 4096,
  hiddenSize: 192,
  intermediateSize: 512,
  numHiddenLayers: 2,
  numAttentionHeads: 3,
  numKeyValueHeads: 1,
  maxPositionEmbeddings: 1024,
  ropeTheta: 100000,
  rmsNormEps: 1e-5,
  tieWordEmbeddings: true,
  attentionBias: false,
};
const targets = [...projectionNames];

/** tf.profile's peak of one training step, and the estimate for it (no optimiser states). */
async function measure(options: {
  batch: number;
  time: number;
  lora: boolean;
  gradientCheckpointing: boolean;
  keepFrozenProducts?: boolean;
}): Promise<{ peak: number; estimate: number }> {
  const model = createCausalLM({ config: shape, seed: 1 });
  if (options.lora) model.addAdapter({ rank: 16, alpha: 32, targetModules: targets });
  const completionLength = options.time / 2;
  const inputIds = tf.tensor2d(
    Array.from({ length: options.batch }, (_, b) =>
      Array.from({ length: options.time }, (_, t) => (b * 131 + t * 17 + 1) % shape.vocabSize),
    ),
    undefined,
    'int32',
  );
  const settings = {
    chunkSize: 16,
    gradientCheckpointing: options.gradientCheckpointing,
    keepFrozenProducts: options.keepFrozenProducts ?? false,
  };
  // The trainer's backward pass (computeGradients runs leanGradients).
  const profile = await tf.profile(() => {
    const { value, grads } = leanGradients({
      f: () =>
        tf.tidy(() =>
          tf.neg(tf.mean(sequenceLogProbs(model, { inputIds, completionLength }, settings))),
        ),
      xs: model.trainableVariables(),
    });
    tf.dispose([value, ...grads.filter((grad) => grad !== undefined)]);
  });
  const estimate = model.estimateMemory({
    batchSize: options.batch,
    sequenceLength: options.time,
    completionLength,
    optimizerStatesPerParameter: 0,
    ...settings,
  });
  inputIds.dispose();
  model.dispose();
  // tf.profile counts tensors only; XNNPACK's packed weights (wasm) are outside it.
  return { peak: profile.peakBytes, estimate: estimate.total - estimate.packedWeights };
}

describe('estimateMemory', () => {
  it.each([
    { batch: 2, time: 64, lora: true, gradientCheckpointing: false },
    { batch: 2, time: 64, lora: false, gradientCheckpointing: false },
    { batch: 4, time: 128, lora: true, gradientCheckpointing: false },
    { batch: 4, time: 128, lora: true, gradientCheckpointing: true },
    { batch: 4, time: 128, lora: true, gradientCheckpointing: true, keepFrozenProducts: true },
    { batch: 2, time: 256, lora: true, gradientCheckpointing: true },
  ])('is within 25% of the measured peak of a training step: %o', async (options) => {
    const { peak, estimate } = await measure(options);
    expect(estimate / peak).toBeGreaterThan(0.75);
    expect(estimate / peak).toBeLessThan(1.25);
  });

  it('counts XNNPACK packed copies of the right-operand weights on wasm only', () => {
    const work = { config: shape, batchSize: 1, sequenceLength: 8 };
    // 7 projections per layer: 192x192 (q, o), 192x64 (k, v), 192x512 (gate, up, down); tied head.
    const projections = 2 * (2 * 192 * 192 + 2 * 192 * 64 + 3 * 192 * 512);
    expect(estimateMemory({ ...work, backend: 'wasm' }).packedWeights).toBe(4 * projections);
    expect(estimateMemory({ ...work, backend: 'cpu' }).packedWeights).toBe(0);
    const untied = estimateMemory({
      ...work,
      config: { ...shape, tieWordEmbeddings: false },
      backend: 'wasm',
    });
    expect(untied.packedWeights).toBe(4 * (projections + 4096 * 192));
  });

  it("counts one copy and one packed copy of the largest projection with 'transient' packing, transposed copies with 'cached'", () => {
    const lora = { rank: 16, targetModules: targets };
    const work = { config: shape, batchSize: 1, sequenceLength: 8, backend: 'wasm', lora };
    const projections = 2 * (2 * 192 * 192 + 2 * 192 * 64 + 3 * 192 * 512);
    const transient = { ...work, weightPacking: 'transient' as const };
    expect(estimateMemory(transient).packedWeights).toBe(4 * 2 * 192 * 512);
    // 'cached': every packed copy, and the transposed copies of the frozen projections that the
    // backward passes keep, with their packed copies.
    expect(estimateMemory({ ...work, weightPacking: 'cached' }).packedWeights).toBe(
      4 * 3 * projections,
    );
    // Generation keeps every packed copy (and the transposed ones when training used 'cached');
    // without LoRA no weight is frozen; an untied head stays.
    expect(estimateMemory({ ...transient, mode: 'generate' }).packedWeights).toBe(4 * projections);
    expect(estimateMemory({ ...work, mode: 'generate' }).packedWeights).toBe(4 * 3 * projections);
    const { lora: _, ...full } = transient;
    expect(estimateMemory(full).packedWeights).toBe(4 * projections);
    const untied = { ...transient, config: { ...shape, tieWordEmbeddings: false } };
    expect(estimateMemory(untied).packedWeights).toBe(4 * (2 * 192 * 512 + 4096 * 192));
  });

  it("defaultWeightPacking is 'transient' for Qwen2.5-0.5B LoRA passes on wasm: 2 x 256 then fits", () => {
    const qwen: CausalLMConfig = {
      ...shape,
      modelType: 'qwen2',
      vocabSize: 151936,
      hiddenSize: 896,
      intermediateSize: 4864,
      numHiddenLayers: 24,
      numAttentionHeads: 14,
      numKeyValueHeads: 2,
      attentionBias: true,
    };
    const smol: CausalLMConfig = {
      ...shape,
      vocabSize: 49152,
      hiddenSize: 576,
      intermediateSize: 1536,
      numHiddenLayers: 30,
      numAttentionHeads: 9,
      numKeyValueHeads: 3,
    };
    const lora = { rank: 16, targetModules: targets };
    expect(defaultWeightPacking({ config: qwen, lora, backend: 'wasm' })).toBe('transient');
    expect(defaultWeightPacking({ config: qwen, lora, backend: 'wasm', mode: 'generate' })).toBe(
      'cached',
    );
    expect(defaultWeightPacking({ config: qwen, lora, backend: 'cpu' })).toBe('cached');
    expect(defaultWeightPacking({ config: qwen, backend: 'wasm' })).toBe('cached');
    expect(defaultWeightPacking({ config: smol, lora, backend: 'wasm' })).toBe('cached');
    const step = {
      config: qwen,
      lora,
      backend: 'wasm',
      batchSize: 2,
      sequenceLength: 256,
      completionLength: 128,
      chunkSize: 16,
      gradientCheckpointing: true,
      optimizerStatesPerParameter: 0,
    };
    const limit = memoryLimit('wasm').bytes;
    // The packed copies of every weight (1.33 GiB) made this step not fit; one at a time, it does.
    expect(estimateMemory({ ...step, weightPacking: 'cached' }).total).toBeGreaterThan(limit);
    expect(estimateMemory(step).total).toBeLessThan(limit);
    expect(estimateMemory({ ...step, batchSize: 8 }).total).toBeGreaterThan(limit);
  });

  it('gradientCheckpointing, LoRA and smaller chunks lower the estimate', () => {
    const base = { config: shape, batchSize: 8, sequenceLength: 256, chunkSize: 64 };
    const full = estimateMemory(base).total;
    expect(estimateMemory({ ...base, gradientCheckpointing: true }).total).toBeLessThan(full);
    expect(estimateMemory({ ...base, chunkSize: 8 }).total).toBeLessThan(full);
    const lora = estimateMemory({ ...base, lora: { rank: 8, targetModules: ['q_proj'] } });
    expect(lora.gradients).toBeLessThan(estimateMemory(base).gradients / 100);
  });
});

describe('assertMemoryFits', () => {
  it('refuses work over the limit with OUT_OF_MEMORY, the estimate, the limit and the advice', () => {
    const limit = { backend: 'wasm', bytes: 2 ** 30, source: 'a test heap' };
    let caught: unknown;
    try {
      assertMemoryFits({
        what: 'a training step of 8 x 256 tokens',
        requiredBytes: 1.5 * 2 ** 30,
        usedBytes: 0.25 * 2 ** 30,
        parts: { activations: 2 ** 30, head: 0.5 * 2 ** 30 },
        advice: 'lower the batch size',
        limit,
      });
    } catch (error) {
      caught = error;
    }
    expect(R1kitError.isInstance(caught) && caught.code).toBe('OUT_OF_MEMORY');
    expect((caught as Error).message).toBe(
      "a training step of 8 x 256 tokens needs about 1.75 GiB (0.25 GiB already allocated + 1.50 GiB estimated: activations 1.00 GiB, head 0.50 GiB) but a test heap (backend 'wasm') holds at most 1.00 GiB; lower the batch size",
    );
    expect(() =>
      assertMemoryFits({
        what: 'x',
        requiredBytes: 0.5 * 2 ** 30,
        usedBytes: 0,
        advice: '',
        limit,
      }),
    ).not.toThrow();
  });

  it('wasm allows 90% of the 4 GiB heap; cpu the host memory', () => {
    expect(memoryLimit('wasm').bytes).toBe(Math.floor(wasmHeapMaxBytes * 0.9));
    expect(memoryLimit('cpu').bytes).toBeGreaterThan(2 ** 30);
    expect(memoryLimit('webgpu').bytes).toBe(Number.POSITIVE_INFINITY);
  });
});
