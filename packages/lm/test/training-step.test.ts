import { maxAbsDiff, tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { sequenceLogProbs } from '../src/log-probs/sequence-log-probs.js';
import { createCausalLM } from '../src/model/create-causal-lm.js';

// A training step (forward + backward through sequenceLogProbs, embedding lookup included) must
// work on every backend selectBackend may pick. wasm lacks UnsortedSegmentSum, which the gradient
// of gather needs; the embedding lookup supplies its own gradient there.

const rows = [
  [2, 9, 30, 4, 4, 17],
  [0, 11, 30, 8, 1, 48],
];
const mask = [
  [1, 1, 1, 1, 1, 1],
  [0, 1, 1, 1, 1, 1],
];

/** Gradients of the mean completion log-probability, by Hugging Face weight name. */
function gradients(options: { lora: boolean; softTokens: boolean }): Map<string, Float32Array> {
  const start = tf.memory().numTensors;
  const model = createCausalLM({ config: tinyQwen2, seed: 17 });
  if (options.lora) model.addAdapter({ rank: 2, targetModules: ['q_proj', 'v_proj', 'gate_proj'] });
  const names = new Map<string, string>();
  for (const [name, variable] of [...model.namedWeights(), ...(model.loraAdapter?.weights ?? [])]) {
    names.set(variable.name, name);
  }
  const soft = tf.tidy(() =>
    tf.variable(tf.randomNormal([2, 1, tinyQwen2.hiddenSize], 0, 1, 'float32', 3)),
  );
  const ids = rows.map((row) => (options.softTokens ? [row[0]!, 49, ...row.slice(2)] : row));
  const { value, grads } = tf.variableGrads(
    () =>
      tf.tidy(() =>
        tf.mean(
          sequenceLogProbs(
            model,
            {
              inputIds: tf.tensor2d(ids, undefined, 'int32'),
              attentionMask: tf.tensor2d(mask, undefined, 'int32'),
              completionLength: 3,
              ...(options.softTokens
                ? { softTokens: { placeholderTokenId: 49, embeddings: soft as tf.Tensor3D } }
                : {}),
            },
            { temperature: 0.8 },
          ),
        ),
      ) as tf.Scalar,
  );
  const result = new Map<string, Float32Array>();
  for (const [id, grad] of Object.entries(grads)) {
    result.set(names.get(id) ?? 'soft', grad.dataSync() as Float32Array);
  }
  value.dispose();
  tf.dispose(grads);
  soft.dispose();
  model.dispose();
  expect(tf.memory().numTensors).toBe(start);
  return result;
}

/** Runs `fn` on the given backend. */
async function on<T>(backend: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  await tf.ready();
  return fn();
}

const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

describe('training step gradients on cpu and wasm', () => {
  it.each([
    ['full model (embedding gradient)', { lora: false, softTokens: false }],
    ['LoRA with soft tokens', { lora: true, softTokens: true }],
  ])('%s: wasm gradients equal cpu gradients', async (_label, options) => {
    const cpu = await on('cpu', () => gradients(options));
    const wasm = await on('wasm', () => gradients(options));
    expect([...wasm.keys()].sort()).toEqual([...cpu.keys()].sort());
    const embedding = cpu.get('model.embed_tokens.weight');
    if (!options.lora) expect(embedding!.some((g) => g !== 0)).toBe(true);
    if (options.softTokens) expect(cpu.get('soft')!.some((g) => g !== 0)).toBe(true);
    for (const [name, grad] of cpu) {
      const scale = Math.max(1e-3, ...Array.from(grad, Math.abs));
      expect(maxAbsDiff(wasm.get(name)!, grad) / scale, name).toBeLessThan(1e-3);
    }
  });

  it('the embedding gradient matches a finite difference on cpu', async () => {
    const grad = await on('cpu', () => gradients({ lora: false, softTokens: false }));
    const embedding = grad.get('model.embed_tokens.weight')!;
    const index = 30 * tinyQwen2.hiddenSize + 5; // token 30 appears in both prompts
    const objective = (delta: number) =>
      tf.tidy(() => {
        const model = createCausalLM({ config: tinyQwen2, seed: 17 });
        const table = model.namedWeights().get('model.embed_tokens.weight')!;
        const values = table.dataSync().slice();
        values[index]! += delta;
        table.assign(tf.tensor2d(values, table.shape as [number, number]));
        const logp = sequenceLogProbs(
          model,
          {
            inputIds: tf.tensor2d(rows, undefined, 'int32'),
            attentionMask: tf.tensor2d(mask, undefined, 'int32'),
            completionLength: 3,
          },
          { temperature: 0.8 },
        );
        const result = tf.mean(logp).dataSync()[0]!;
        model.dispose();
        return result;
      });
    const h = 1e-2;
    const numeric = (objective(h) - objective(-h)) / (2 * h);
    expect(Math.abs(numeric - embedding[index]!)).toBeLessThan(1e-3 + 0.02 * Math.abs(numeric));
    expect(Math.abs(embedding[index]!)).toBeGreaterThan(1e-4);
  });
});
