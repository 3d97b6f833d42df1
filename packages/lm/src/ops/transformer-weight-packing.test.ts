import { expectNoLeak, maxAbsDiff } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCausalLM } from '../model/create-causal-lm.js';
import { projectionNames } from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';

const original = tf.getBackend();
beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend(original);
});

const config: CausalLMConfig = {
  modelType: 'qwen2',
  vocabSize: 64,
  hiddenSize: 32,
  intermediateSize: 48,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  maxPositionEmbeddings: 64,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  attentionBias: true,
};

it("TransformerCausalLM 'transient' weight packing: same outputs and LoRA gradients; it frees the packed copies a cached pass left", () => {
  const model = createCausalLM({ config, seed: 5 });
  model.addAdapter({ rank: 4, alpha: 8, targetModules: [...projectionNames], seed: 2 });
  // Non-zero B factors, so the gradients of A are not all zero.
  for (const variable of model.trainableVariables()) {
    if (variable.shape[1] === 4) variable.assign(tf.tidy(() => tf.fill(variable.shape, 0.05)));
  }
  const inputIds = tf.tensor2d(
    [
      [1, 5, 9, 13, 17, 21],
      [2, 6, 10, 14, 18, 22],
    ],
    [2, 6],
    'int32',
  );
  const step = () =>
    tf.variableGrads(
      () => tf.tidy(() => tf.sum(model.forward({ inputIds }).logits)) as tf.Scalar,
      model.trainableVariables(),
    );
  const read = (result: ReturnType<typeof step>) => {
    const values = [result.value, ...Object.values(result.grads)].map(
      (tensor) => tensor.dataSync() as Float32Array,
    );
    tf.dispose([result.value, ...Object.values(result.grads)]);
    return values;
  };
  expectNoLeak(() => {
    model.weightPacking = 'cached';
    const cached = read(step());
    // A cached pass packs the frozen weights; the next transient pass moves them to new buffers.
    const query = model.namedWeights().get('model.layers.0.self_attn.q_proj.weight')!;
    const before = { dataId: query.dataId, values: query.dataSync().slice() };
    model.weightPacking = 'transient';
    const transient = read(step());
    expect(query.dataId).not.toBe(before.dataId);
    expect(maxAbsDiff(query.dataSync() as Float32Array, before.values)).toBe(0);
    expect(query.trainable).toBe(false);
    // A second transient pass has nothing to free.
    const moved = query.dataId;
    read(step());
    expect(query.dataId).toBe(moved);
    expect(transient).toHaveLength(cached.length);
    cached.forEach((values, i) => {
      expect(maxAbsDiff(transient[i]!, values)).toBe(0);
    });
    expect(cached.slice(1).some((grad) => grad.some((g) => Math.abs(g) > 1e-4))).toBe(true);
  });
  inputIds.dispose();
  model.dispose();
});
