import { R1kitError } from '@r1kit/core';
import { maxAbsDiff, tinyLlama, tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCausalLM } from './create-causal-lm.js';
import type { TransformerCausalLM } from './transformer-causal-lm.js';

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');

describe.each([
  ['qwen2', tinyQwen2],
  ['llama', tinyLlama],
])('TransformerCausalLM (%s)', (_name, config) => {
  let model: TransformerCausalLM;
  let before: number;
  beforeAll(() => {
    before = tf.memory().numTensors;
    model = createCausalLM({ config, seed: 3 });
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic under a seed and differs across seeds', () => {
    const again = createCausalLM({ config, seed: 3 });
    const other = createCausalLM({ config, seed: 4 });
    const name = 'model.layers.1.mlp.up_proj.weight';
    const a = model.namedWeights().get(name)!.dataSync();
    expect(maxAbsDiff(a, again.namedWeights().get(name)!.dataSync())).toBe(0);
    expect(maxAbsDiff(a, other.namedWeights().get(name)!.dataSync())).toBeGreaterThan(0.01);
    again.dispose();
    other.dispose();
  });

  it('incremental decoding with the KV cache reproduces the full forward pass', () => {
    const start = tf.memory().numTensors;
    const tokens = [[5, 9, 2, 31, 7, 44]];
    const full = tf.tidy(() => model.forward({ inputIds: ids(tokens) }).logits.arraySync());
    const prompt = ids([tokens[0]!.slice(0, 3)]);
    const first = model.forward({ inputIds: prompt, useCache: true });
    prompt.dispose();
    let cache = first.pastKeyValues!;
    const steps = [first.logits.arraySync()[0]!];
    first.logits.dispose();
    for (let t = 3; t < 6; t++) {
      const next = ids([[tokens[0]![t]!]]);
      const step = model.forward({ inputIds: next, pastKeyValues: cache, useCache: true });
      next.dispose();
      cache.dispose();
      cache = step.pastKeyValues!;
      steps.push(step.logits.arraySync()[0]!);
      step.logits.dispose();
    }
    expect(cache.length).toBe(6);
    cache.dispose();
    const incremental = steps.flat();
    expect(maxAbsDiff(incremental.flat(), full[0]!.flat())).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('left padding with an attention mask gives the unpadded logits (positions = cumsum(mask) - 1)', () => {
    const start = tf.memory().numTensors;
    const [padded, plain] = tf.tidy(() => {
      const a = model.forward({
        inputIds: ids([
          [0, 0, 4, 8, 15],
          [16, 23, 42, 1, 2],
        ]),
        attentionMask: ids([
          [0, 0, 1, 1, 1],
          [1, 1, 1, 1, 1],
        ]),
      }).logits;
      const b = model.forward({ inputIds: ids([[4, 8, 15]]) }).logits;
      return [tf.slice(a, [0, 2, 0], [1, 3, -1]).dataSync(), b.dataSync()];
    });
    expect(maxAbsDiff(padded, plain)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('soft tokens equal passing the same vectors through inputsEmbeds', () => {
    const start = tf.memory().numTensors;
    const diff = tf.tidy(() => {
      const soft = tf.randomNormal([1, 2, config.hiddenSize], 0, 1, 'float32', 7) as tf.Tensor3D;
      const inputIds = ids([[3, 49, 49, 6]]);
      const withSoft = model.forward({
        inputIds,
        softTokens: { placeholderTokenId: 49, embeddings: soft },
      });
      const table = model.namedWeights().get('model.embed_tokens.weight')!;
      const embeds = tf.concat(
        [tf.gather(table, [3]).expandDims(0), soft, tf.gather(table, [6]).expandDims(0)],
        1,
      ) as tf.Tensor3D;
      const direct = model.forward({ inputIds, inputsEmbeds: embeds });
      return maxAbsDiff(withSoft.logits.dataSync(), direct.logits.dataSync());
    });
    expect(diff).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects bad inputs with codes that name the input', () => {
    const code = (fn: () => unknown) => {
      try {
        tf.tidy(() => {
          fn();
        });
      } catch (error) {
        return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    expect(code(() => model.forward({ inputIds: ids([[1, 50]]) }))).toMatch(
      /^INVALID_ARGUMENT: .*inputIds\[0\]\[1\].*received 50/,
    );
    expect(code(() => model.forward({ inputIds: tf.tensor2d([[1, 2]]) as tf.Tensor2D }))).toMatch(
      /^INVALID_ARGUMENT: .*int32/,
    );
    expect(
      code(() => model.forward({ inputIds: ids([[1, 2]]), attentionMask: ids([[1, 1, 1]]) })),
    ).toMatch(/^SHAPE_MISMATCH: .*attentionMask/);
    expect(
      code(() =>
        model.forward({
          inputIds: ids([[49, 2]]),
          softTokens: {
            placeholderTokenId: 49,
            embeddings: tf.zeros([1, 2, config.hiddenSize]) as tf.Tensor3D,
          },
        }),
      ),
    ).toMatch(/^SHAPE_MISMATCH: .*placeholders.*received 1/);
  });

  it('refuses a disposed cache or a cache of another batch, and a disposed model', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return R1kitError.isInstance(error) ? error.code : String(error);
      }
      return 'no error';
    };
    const start = tf.memory().numTensors;
    const prompt = ids([[1, 2, 3]]);
    const next = ids([[4]]);
    const pair = ids([[4], [5]]);
    const { logits, pastKeyValues } = model.forward({ inputIds: prompt, useCache: true });
    expect(code(() => model.forward({ inputIds: pair, pastKeyValues }))).toBe('SHAPE_MISMATCH');
    pastKeyValues!.dispose();
    expect(code(() => model.forward({ inputIds: next, pastKeyValues }))).toBe('INVALID_STATE');
    tf.dispose([prompt, next, pair, logits]);
    expect(tf.memory().numTensors).toBe(start);
    const doomed = createCausalLM({ config, seed: 1 });
    doomed.dispose();
    const input = ids([[1]]);
    expect(code(() => doomed.forward({ inputIds: input }))).toBe('INVALID_STATE');
    input.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
