import { tuneWasmKernels } from '@r1kit/core';
import { maxAbsDiff, tinyLlama } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leanGradients } from '../autodiff/lean-gradients.js';
import { type SequenceLogProbsOptions, sequenceLogProbs } from '../log-probs/sequence-log-probs.js';
import { createCausalLM } from '../model/create-causal-lm.js';
import { projectionNames } from '../model/parameter-shapes.js';
import type { TransformerCausalLM } from '../model/transformer-causal-lm.js';
import type { ForwardInputs } from '../types.js';

const inputRows = [
  [3, 9, 30, 4, 4, 17, 22, 5, 41],
  [0, 11, 30, 8, 1, 48, 2, 2, 7],
];

/** A tiny Llama with a LoRA adapter (dropout on) whose `lora_B` factors are not zero. */
function loraModel(): TransformerCausalLM {
  const model = createCausalLM({ config: tinyLlama, seed: 5 });
  model.addAdapter({ rank: 2, alpha: 4, dropout: 0.25, targetModules: [...projectionNames] });
  for (const [name, variable] of model.loraAdapter!.weights) {
    if (!name.includes('lora_B')) continue;
    const values = tf.randomNormal(variable.shape, 0, 0.3, 'float32', 9);
    variable.assign(values);
    values.dispose();
  }
  return model;
}

/** Gradients of the mean completion log-prob (dropout seeded alike), and the products it ran. */
async function run(
  model: TransformerCausalLM,
  options: SequenceLogProbsOptions,
): Promise<{ grads: Float32Array[]; products: number }> {
  const inputIds = tf.tensor2d(inputRows, undefined, 'int32');
  let grads: Float32Array[] = [];
  // tf.profile reuses one result object: count before any other profile.
  const products = (
    await tf.profile(() => {
      const { value, grads: tensors } = leanGradients({
        f: () =>
          tf.tidy(() =>
            tf.mean(
              sequenceLogProbs(
                model,
                { inputIds, completionLength: 4 },
                {
                  ...options,
                  training: true,
                },
              ),
            ),
          ),
        xs: model.trainableVariables(),
      });
      grads = tensors.map((grad) => grad!.dataSync() as Float32Array);
      tf.dispose([value, ...(tensors as tf.Tensor[])]);
    })
  ).kernels.filter((kernel) => kernel.name === 'BatchMatMul').length;
  inputIds.dispose();
  return { grads, products };
}

/** {@link run} on a fresh model (same weights, same dropout seeds); checks that nothing leaks. */
async function runFresh(
  options: SequenceLogProbsOptions,
): Promise<{ grads: Float32Array[]; products: number }> {
  const model = loraModel();
  const start = tf.memory().numTensors;
  const result = await run(model, options);
  expect(tf.memory().numTensors).toBe(start);
  model.dispose();
  return result;
}

async function compareRoutes(): Promise<void> {
  const plain = await runFresh({ gradientCheckpointing: false });
  const recomputed = await runFresh({ gradientCheckpointing: true, keepFrozenProducts: false });
  const kept = await runFresh({ gradientCheckpointing: true, keepFrozenProducts: true });
  // Recomputation reruns the seven base products of each layer; keeping them skips exactly those.
  const frozenProducts = projectionNames.length * tinyLlama.numHiddenLayers;
  expect(kept.products).toBe(recomputed.products - frozenProducts);
  expect(plain.grads.length).toBe(2 * projectionNames.length * tinyLlama.numHiddenLayers);
  plain.grads.forEach((grad, index) => {
    const scale = Math.max(1, ...Array.from(grad, Math.abs));
    expect(maxAbsDiff(recomputed.grads[index]!, grad) / scale).toBeLessThan(1e-5);
    expect(maxAbsDiff(kept.grads[index]!, grad) / scale).toBeLessThan(1e-5);
  });
}

describe('checkpointed decoder layers', () => {
  it('keepFrozenProducts: same LoRA gradients (dropout on) with one product fewer per frozen weight', async () => {
    await compareRoutes();
  });

  it('the same on wasm with the tuned kernels', async () => {
    const original = tf.getBackend();
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    tuneWasmKernels(tf);
    try {
      await compareRoutes();
    } finally {
      await tf.setBackend(original);
    }
  });

  it('sequenceLogProbs keeps the frozen products by default only when the estimate with them fits', () => {
    const model = loraModel();
    const seen: Array<boolean | undefined> = [];
    const estimates: Array<boolean | undefined> = [];
    // The model, with estimateMemory made to say that the kept products would not fit.
    const view = Object.create(model) as TransformerCausalLM;
    view.estimateMemory = (work) => {
      estimates.push(work.keepFrozenProducts);
      const estimate = model.estimateMemory(work);
      const activations = work.keepFrozenProducts ? 1e15 : estimate.activations;
      return { ...estimate, activations, total: estimate.total + activations };
    };
    view.forwardHidden = (inputs: ForwardInputs) => {
      seen.push(inputs.keepFrozenProducts);
      return model.forwardHidden(inputs);
    };
    const inputIds = tf.tensor2d(inputRows, undefined, 'int32');
    const score = (options: SequenceLogProbsOptions) =>
      sequenceLogProbs(view, { inputIds, completionLength: 4 }, options).dispose();
    score({ training: true, gradientCheckpointing: true });
    expect(seen).toEqual([false]);
    expect(estimates).toEqual([true, false]);
    view.estimateMemory = (work) => model.estimateMemory(work);
    score({ training: true, gradientCheckpointing: true });
    score({ training: true, gradientCheckpointing: false });
    score({ training: true, gradientCheckpointing: true, keepFrozenProducts: false });
    expect(seen).toEqual([false, true, false, false]);
    inputIds.dispose();
    model.dispose();
  });
});
