import { R1kitError } from '@r1kit/core';
import { maxAbsDiff, tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createCausalLM } from '../model/create-causal-lm.js';
import type { CausalLM } from '../types.js';
import { sequenceLogProbs } from './sequence-log-probs.js';

const before = tf.memory().numTensors;
const model = createCausalLM({ config: tinyQwen2, seed: 11 });
const rows = [
  [0, 0, 7, 3, 12, 40, 2, 9],
  [5, 6, 7, 3, 12, 1, 33, 48],
];
const mask = [
  [0, 0, 1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 1, 1, 1, 1],
];

afterAll(() => {
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

/** Reference: full logits, log-softmax in float64 in JavaScript, picked at the next token. */
function referenceLogProbs(temperature: number, completionLength: number): number[][] {
  const logits = tf.tidy(() =>
    model
      .forward({
        inputIds: tf.tensor2d(rows, undefined, 'int32'),
        attentionMask: tf.tensor2d(mask, undefined, 'int32'),
      })
      .logits.arraySync(),
  );
  return rows.map((row, b) =>
    row.slice(row.length - completionLength).map((token, k) => {
      const scaled = logits[b]![row.length - completionLength - 1 + k]!.map((x) => x / temperature);
      const max = Math.max(...scaled);
      const logSum = max + Math.log(scaled.reduce((sum, x) => sum + Math.exp(x - max), 0));
      return scaled[token]! - logSum;
    }),
  );
}

describe('sequenceLogProbs', () => {
  it.each([
    [1, 64],
    [0.7, 2],
    [1.3, 1],
  ])('matches log_softmax(logits / %f) at the next token (chunk %i)', (temperature, chunkSize) => {
    const start = tf.memory().numTensors;
    const result = tf.tidy(() =>
      sequenceLogProbs(
        model,
        {
          inputIds: tf.tensor2d(rows, undefined, 'int32'),
          attentionMask: tf.tensor2d(mask, undefined, 'int32'),
          completionLength: 4,
        },
        { temperature, chunkSize },
      ).arraySync(),
    );
    expect(maxAbsDiff(result.flat(), referenceLogProbs(temperature, 4).flat())).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('gives the same values through the plain forward path of a minimal CausalLM', () => {
    const minimal: CausalLM = {
      config: model.config,
      forward: (inputs) => model.forward(inputs),
      trainableVariables: () => model.trainableVariables(),
      dispose: () => undefined,
    };
    const [viaForward, viaHidden] = tf.tidy(() => {
      const batch = { inputIds: tf.tensor2d(rows, undefined, 'int32'), completionLength: 3 };
      return [
        sequenceLogProbs(minimal, batch, { temperature: 0.9 }).dataSync(),
        sequenceLogProbs(model, batch, { temperature: 0.9 }).dataSync(),
      ];
    });
    expect(maxAbsDiff(viaForward, viaHidden)).toBeLessThan(1e-6);
  });

  it('keeps only chunkSize positions of vocabulary logits alive at once', async () => {
    const wide = createCausalLM({ config: { ...tinyQwen2, vocabSize: 4000 }, seed: 1 });
    const plain: CausalLM = {
      config: wide.config,
      forward: (inputs) => wide.forward(inputs),
      trainableVariables: () => [],
      dispose: () => undefined,
    };
    const inputIds = tf.tensor2d(
      [Array.from({ length: 40 }, (_, t) => (t * 37) % 4000)],
      undefined,
      'int32',
    );
    const peak = async (model: CausalLM, chunkSize: number) => {
      const info = await tf.profile(() => {
        sequenceLogProbs(model, { inputIds, completionLength: 32 }, { chunkSize }).dispose();
      });
      return info.peakBytes - info.newBytes;
    };
    const full = await peak(plain, 64);
    const chunked = await peak(wide, 4);
    // Full logits are [1, 40, 4000] float32 = 640 kB; four positions of them are 64 kB.
    expect(full - chunked).toBeGreaterThan(400_000);
    inputIds.dispose();
    wide.dispose();
  });

  it('is differentiable with respect to the weights', () => {
    const start = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () =>
        tf.mean(
          sequenceLogProbs(model, {
            inputIds: tf.tensor2d(rows, undefined, 'int32'),
            completionLength: 4,
          }),
        ) as tf.Scalar,
    );
    const norms = Object.values(grads).map((g) => tf.tidy(() => tf.norm(g).dataSync()[0]!));
    expect(Object.keys(grads)).toHaveLength(model.trainableVariables().length);
    expect(norms.every((n) => Number.isFinite(n))).toBe(true);
    expect(norms.filter((n) => n > 0).length).toBeGreaterThan(norms.length / 2);
    value.dispose();
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects a completion length that leaves no prompt', () => {
    const inputIds = tf.tensor2d(rows, undefined, 'int32');
    const error = (() => {
      try {
        sequenceLogProbs(model, { inputIds, completionLength: 8 });
      } catch (caught) {
        return caught;
      }
    })();
    inputIds.dispose();
    expect(R1kitError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toMatch(/completionLength.*\[1, 7\].*received 8/);
  });

  it('refuses, before any work, a pass that would not fit in the backend memory', () => {
    const long = createCausalLM({
      config: { ...tinyQwen2, maxPositionEmbeddings: 1 << 20 },
      seed: 2,
    });
    const time = 40_000;
    const inputIds = tf.tidy(() => tf.zeros([32, time], 'int32') as tf.Tensor2D);
    const start = tf.memory().numTensors;
    let error: unknown;
    try {
      sequenceLogProbs(long, { inputIds, completionLength: 10 }, { training: true });
    } catch (caught) {
      error = caught;
    }
    expect(R1kitError.isInstance(error) && error.code).toBe('OUT_OF_MEMORY');
    expect((error as Error).message).toMatch(
      /^sequenceLogProbs: a training pass of 32 x 40000 tokens needs about [\d.]+ GiB .*activations [\d.]+ GiB.* holds at most [\d.]+ GiB; score fewer rows at once, lower chunkSize \(64\), set gradientCheckpointing: true/,
    );
    expect(tf.memory().numTensors).toBe(start);
    inputIds.dispose();
    long.dispose();
  });
});
