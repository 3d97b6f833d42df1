import { tuneWasmKernels } from '@r1kit/core';
import { maxAbsDiff } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCausalLM } from '../model/create-causal-lm.js';
import { projectionNames } from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';

const original = tf.getBackend();
beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  tuneWasmKernels(tf);
});
afterAll(async () => {
  await tf.setBackend(original);
});

const config: CausalLMConfig = {
  modelType: 'llama',
  vocabSize: 64,
  hiddenSize: 32,
  intermediateSize: 48,
  numHiddenLayers: 3,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  maxPositionEmbeddings: 64,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  attentionBias: false,
};

it("a 'cached' LoRA backward pass on wasm keeps one transposed copy per frozen projection: same gradients as 'transient', freed with the weights", () => {
  const empty = tf.engine().backend.numDataIds();
  const model = createCausalLM({ config, seed: 7 });
  model.addAdapter({ rank: 4, alpha: 8, targetModules: [...projectionNames], seed: 3 });
  for (const variable of model.trainableVariables()) {
    if (variable.shape[1] !== 4) continue;
    const fill = tf.fill(variable.shape, 0.05);
    variable.assign(fill);
    fill.dispose();
  }
  // 64 rows: enough that transposing each weight beats the few-rows route (see denseMatMul).
  const inputIds = tf.tensor2d(
    Array.from({ length: 64 }, (_, i) => (i * 7 + 1) % config.vocabSize),
    [2, 32],
    'int32',
  );
  const fewIds = tf.tensor2d([[1, 5, 9, 13]], [1, 4], 'int32');
  const dataIds = () => tf.engine().backend.numDataIds();
  const step = (ids = inputIds) => {
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => tf.sum(model.forward({ inputIds: ids }).logits)) as tf.Scalar,
      model.trainableVariables(),
    );
    const values = [value, ...Object.values(grads)].map((t) => t.dataSync() as Float32Array);
    tf.dispose([value, ...Object.values(grads)]);
    return values;
  };
  model.weightPacking = 'transient';
  const transient = step();
  const start = dataIds();
  const tensors = tf.memory().numTensors;
  model.weightPacking = 'cached';
  // A 4-row pass multiplies by the weights untransposed (fewer values to copy): no copies.
  step(fewIds);
  expect(dataIds()).toBe(start);
  const cached = step();
  // 7 frozen projections in each of 3 layers, less the first layer's q, k and v (nothing
  // trainable before them: no gradient passes through them), none counted as tensors.
  const copies = 7 * config.numHiddenLayers - 3;
  expect(dataIds() - start).toBe(copies);
  expect(tf.memory().numTensors).toBe(tensors);
  // A second pass reuses them.
  const again = step();
  expect(dataIds() - start).toBe(copies);
  cached.forEach((values, i) => {
    expect(maxAbsDiff(values, transient[i]!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(again[i]!, values)).toBe(0);
  });
  // Switching to 'transient' moves the frozen weights to new buffers: the copies go.
  model.weightPacking = 'transient';
  step();
  expect(dataIds()).toBe(start);
  model.weightPacking = 'cached';
  step();
  expect(dataIds() - start).toBe(copies);
  model.dispose();
  tf.dispose([inputIds, fewIds]);
  // Disposing the model frees its weights and the copies with them.
  expect(dataIds()).toBe(empty);
});
