import { tuneWasmKernels } from '@r1kit/core';
import { entropyFromLogits, tokenLogProbs } from '@r1kit/grpo';
import { maxAbsDiff, tinyLlama, tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createCausalLM } from '../model/create-causal-lm.js';
import type { CausalLMConfig } from '../types.js';
import { chunkedHeadLogProbs } from './chunked-head-log-probs.js';
import { sequenceLogProbs, sequenceLogProbsAndEntropy } from './sequence-log-probs.js';

const rows = [
  [3, 9, 30, 4, 4, 17, 22, 5, 41],
  [0, 11, 30, 8, 1, 48, 2, 2, 7],
];
const mask = [
  [1, 1, 1, 1, 1, 1, 1, 1, 1],
  [0, 1, 1, 1, 1, 1, 1, 1, 0],
];
const completionLength = 5;

type Route = 'chunked' | 'full logits';

/**
 * Gradients (by Hugging Face name, plus 'hidden' for the final hidden states through a probe
 * added to them) of a weighted sum of completion log-probs, through one route.
 */
function gradients(
  config: CausalLMConfig,
  route: Route,
  options: {
    lora: boolean;
    chunkSize?: number;
    gradientCheckpointing?: boolean;
    /** Adds a weighted sum of the entropies to the objective. */
    entropy?: boolean;
  },
): Map<string, Float32Array> {
  const start = tf.memory().numTensors;
  const model = createCausalLM({ config, seed: 5 });
  if (options.lora) {
    model.addAdapter({ rank: 2, alpha: 4, targetModules: ['q_proj', 'v_proj', 'down_proj'] });
    // lora_B starts at zero; give it values so lora_A gets a gradient too.
    for (const [name, variable] of model.loraAdapter!.weights) {
      if (name.includes('lora_B')) {
        const values = tf.randomNormal(variable.shape, 0, 0.3, 'float32', 9);
        variable.assign(values);
        values.dispose();
      }
    }
  }
  const names = new Map<string, string>();
  for (const [name, variable] of [...model.namedWeights(), ...(model.loraAdapter?.weights ?? [])]) {
    names.set(variable.name, name);
  }
  const inputIds = tf.tensor2d(rows, undefined, 'int32');
  const attentionMask = tf.tensor2d(mask, undefined, 'int32');
  const weights = tf.tensor2d(
    rows.map((_, b) => Array.from({ length: completionLength }, (_, k) => 1 + 0.5 * b - 0.2 * k)),
  );
  const { value, grads } = tf.variableGrads(
    () =>
      tf.tidy(() => {
        let logp: tf.Tensor;
        let entropy: tf.Tensor | undefined;
        if (route === 'chunked') {
          const batch = { inputIds, attentionMask, completionLength };
          const settings = {
            temperature: 0.7,
            chunkSize: options.chunkSize ?? 2,
            gradientCheckpointing: options.gradientCheckpointing ?? false,
          };
          if (options.entropy) {
            ({ logp, entropy } = sequenceLogProbsAndEntropy(model, batch, settings));
          } else {
            logp = sequenceLogProbs(model, batch, settings);
          }
        } else {
          const logits = model.forward({ inputIds, attentionMask }).logits;
          const time = rows[0]!.length;
          const kept = tf.slice(
            logits,
            [0, time - completionLength - 1, 0],
            [2, completionLength, -1],
          );
          const targets = tf.slice(inputIds, [0, time - completionLength], [2, completionLength]);
          logp = tokenLogProbs(kept, targets, { temperature: 0.7 });
          if (options.entropy) entropy = entropyFromLogits(kept, { temperature: 0.7 });
        }
        const objective = tf.sum(tf.mul(logp, weights));
        if (entropy === undefined) return objective as tf.Scalar;
        return tf.add(objective, tf.sum(tf.mul(entropy, tf.sub(2, weights)))) as tf.Scalar;
      }),
    model.trainableVariables(),
  );
  const result = new Map<string, Float32Array>();
  result.set('value', value.dataSync() as Float32Array);
  for (const [id, grad] of Object.entries(grads)) {
    result.set(names.get(id) ?? id, grad.dataSync() as Float32Array);
  }
  value.dispose();
  tf.dispose(grads);
  tf.dispose([inputIds, attentionMask, weights]);
  model.dispose();
  expect(tf.memory().numTensors).toBe(start);
  return result;
}

/** Asserts two gradient maps agree to `tolerance` relative to each gradient's largest entry. */
function expectSame(actual: Map<string, Float32Array>, expected: Map<string, Float32Array>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, grad] of expected) {
    const scale = Math.max(1, ...Array.from(grad, Math.abs));
    expect(maxAbsDiff(actual.get(name)!, grad) / scale, name).toBeLessThan(1e-5);
  }
}

describe('chunked log-probs with a recomputing custom gradient', () => {
  it.each([
    ['untied head, full model', tinyQwen2, false],
    ['tied head, full model', tinyLlama, false],
    ['untied head, LoRA', tinyQwen2, true],
    ['tied head, LoRA', tinyLlama, true],
  ] as const)('%s: gradients equal the full-logits route', (_label, config, lora) => {
    const reference = gradients(config, 'full logits', { lora });
    for (const chunkSize of [2, 5, 64]) {
      expectSame(gradients(config, 'chunked', { lora, chunkSize }), reference);
    }
    const head = config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
    if (!lora) expect(reference.get(head)!.some((g) => g !== 0)).toBe(true);
    else expect(reference.has(head)).toBe(false);
    if (lora) {
      const a = reference.get('model.layers.1.self_attn.q_proj.lora_A.weight')!;
      expect(a.some((g) => g !== 0)).toBe(true);
    }
  });

  it.each([
    ['untied head, full model', tinyQwen2, false],
    ['tied head, LoRA', tinyLlama, true],
  ] as const)(
    '%s: log-probs + entropies and their gradients equal the full-logits route',
    (_label, config, lora) => {
      const reference = gradients(config, 'full logits', { lora, entropy: true });
      // The entropy term changes the objective: the check is not the log-prob-only one again.
      const logpOnly = gradients(config, 'full logits', { lora });
      expect(Math.abs(reference.get('value')![0]! - logpOnly.get('value')![0]!)).toBeGreaterThan(
        0.1,
      );
      for (const chunkSize of [2, 5]) {
        expectSame(gradients(config, 'chunked', { lora, chunkSize, entropy: true }), reference);
      }
    },
  );

  it('the gradient reaches the hidden states: d logp / d hidden matches a finite difference', () => {
    const hidden = tf.variable(tf.randomNormal([1, 3, 6], 0, 1, 'float32', 2));
    const head = tf.randomNormal([13, 6], 0, 1, 'float32', 4) as tf.Tensor2D;
    const targets = tf.tensor2d([[4, 0, 12]], undefined, 'int32');
    const model = {
      config: { ...tinyLlama, vocabSize: 13, hiddenSize: 6 },
      forward: () => {
        throw new Error('unused');
      },
      forwardHidden: () => ({ hiddenStates: tf.clone(hidden) as tf.Tensor3D }),
      logitsFromHidden: () => {
        throw new Error('unused');
      },
      outputHead: () => ({ weight: head, vocabMajor: true }),
      trainableVariables: () => [hidden],
      dispose: () => undefined,
    };
    const inputIds = tf.tensor2d([[1, 4, 0, 12]], undefined, 'int32');
    const objective = () =>
      tf.sum(
        sequenceLogProbs(model, { inputIds, completionLength: 3 }, { chunkSize: 2 }),
      ) as tf.Scalar;
    const { value, grads } = tf.variableGrads(objective, [hidden]);
    const analytic = grads[hidden.name]!.dataSync();
    const values = hidden.dataSync().slice();
    const h = 1e-2;
    for (const index of [0, 7, 17]) {
      const at = (delta: number) => {
        const moved = values.slice();
        moved[index]! += delta;
        const next = tf.tensor3d(moved, [1, 3, 6]);
        hidden.assign(next);
        next.dispose();
        return tf.tidy(() => objective().dataSync()[0]!);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(numeric - analytic[index]!)).toBeLessThan(
        2e-3 * Math.max(1, Math.abs(numeric)),
      );
    }
    tf.dispose([value, hidden, head, targets, inputIds, ...Object.values(grads)]);
  });
});

describe('a frozen head', () => {
  /** Head products (matMuls with the `[vocab, hidden]` or `[hidden, vocab]` weight) of `run`. */
  async function headProducts(weight: tf.Tensor, run: () => tf.TensorContainer): Promise<number> {
    const info = await tf.profile(() => {
      tf.dispose(run());
      return [];
    });
    const shape = weight.shape.join(',');
    return info.kernels.filter(
      (kernel) =>
        kernel.name === 'BatchMatMul' && kernel.inputShapes.some((s) => s?.join(',') === shape),
    ).length;
  }

  it.each([true, false])(
    'vocab-major %s: two head products per chunk with a gradient, one without, and the gradient of the recomputing route',
    async (vocabMajor) => {
      const start = tf.memory().numTensors;
      const initial = tf.randomNormal([2, 5, 6], 0, 1, 'float32', 3);
      const hidden = tf.variable(initial);
      const values = tf.randomNormal(vocabMajor ? [17, 6] : [6, 17], 0, 1, 'float32', 8);
      const frozen = tf.variable(values, false) as tf.Variable<tf.Rank.R2>;
      const trainable = tf.variable(values, true) as tf.Variable<tf.Rank.R2>;
      const targets = tf.tensor2d(
        [
          [1, 16, 0, 3, 3],
          [9, 2, 11, 5, 0],
        ],
        undefined,
        'int32',
      );
      const options = { chunkSize: 2, temperature: 0.8 };
      /** Gradients of a weighted sum of the log-probs under `weight`, with respect to `xs`. */
      const through =
        (weight: tf.Variable<tf.Rank.R2>, xs: tf.Variable[] = [hidden]) =>
        () =>
          tf.variableGrads(
            () =>
              tf.sum(
                tf.mul(
                  chunkedHeadLogProbs(
                    hidden as tf.Tensor3D,
                    targets,
                    { weight, vocabMajor },
                    options,
                  ),
                  tf.linspace(0.5, 2, 5),
                ),
              ) as tf.Scalar,
            xs,
          );
      // Three chunks of positions: 2, 2 and 1.
      expect(await headProducts(frozen, through(frozen))).toBe(6);
      expect(
        await headProducts(frozen, () =>
          chunkedHeadLogProbs(
            hidden as tf.Tensor3D,
            targets,
            { weight: frozen, vocabMajor },
            options,
          ),
        ),
      ).toBe(3);
      const forward = through(frozen)();
      // The recomputing route of a trainable head: three head products per chunk.
      expect(await headProducts(trainable, through(trainable, [hidden, trainable]))).toBe(9);
      const recomputed = through(trainable, [hidden, trainable])();
      expect(forward.value.dataSync()[0]).toBeCloseTo(recomputed.value.dataSync()[0]!, 5);
      const grad = forward.grads[hidden.name]!.dataSync();
      expect(grad.some((g) => Math.abs(g) > 0.01)).toBe(true);
      expect(maxAbsDiff(grad, recomputed.grads[hidden.name]!.dataSync())).toBeLessThan(1e-5);
      tf.dispose([forward.value, recomputed.value, ...Object.values(forward.grads)]);
      tf.dispose([...Object.values(recomputed.grads), initial, hidden, values, frozen, trainable]);
      targets.dispose();
      expect(tf.memory().numTensors).toBe(start);
    },
  );
});

describe('gradientCheckpointing', () => {
  it.each([
    ['full model', tinyQwen2, false],
    ['LoRA', tinyLlama, true],
  ] as const)('%s: gradients equal those without checkpointing', (_label, config, lora) => {
    const plain = gradients(config, 'chunked', { lora, chunkSize: 3 });
    const checkpointed = gradients(config, 'chunked', {
      lora,
      chunkSize: 3,
      gradientCheckpointing: true,
    });
    expectSame(checkpointed, plain);
  });
});

describe('on wasm with the tuned kernels', () => {
  it('chunked gradients equal the full-logits route computed on cpu', async () => {
    const reference = gradients(tinyQwen2, 'full logits', { lora: false });
    const original = tf.getBackend();
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    tuneWasmKernels(tf);
    try {
      // Tolerance of expectSame: 1e-5 of each gradient's scale; wasm sums in another order.
      const onWasm = gradients(tinyQwen2, 'chunked', { lora: false, chunkSize: 2 });
      for (const [name, grad] of reference) {
        const scale = Math.max(1, ...Array.from(grad, Math.abs));
        expect(maxAbsDiff(onWasm.get(name)!, grad) / scale, name).toBeLessThan(1e-4);
      }
    } finally {
      await tf.setBackend(original);
    }
  });
});
