import { policyLoss, tokenLogProbs } from '@r1kit/grpo';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { computeGradients } from '../train/compute-gradients.js';
import { type GrpoLossOptions, grpoLoss } from './grpo-loss.js';
import { buildPolicyBatch } from './policy-batch.js';

const rows = [
  { promptIds: [1, 3], completionIds: [4, 5, 2], trained: true },
  { promptIds: [1], completionIds: [6], trained: true },
  { promptIds: [1, 3, 3], completionIds: [7, 7], trained: false },
];
const advantages = [1, -0.5, 2];
const options: GrpoLossOptions = {
  lossType: 'dapo',
  epsilon: 0.2,
  epsilonHigh: 0.2,
  beta: 0,
  temperature: 0.7,
  maxCompletionLength: 5,
  importanceSamplingLevel: 'token',
  entropyCoef: 0,
  scale: 1,
};

describe('buildPolicyBatch', () => {
  it('left-pads prompts, right-pads completions and masks untrained rows', () => {
    const batch = buildPolicyBatch(rows, { padTokenId: 0 });
    expect(batch.inputIds).toEqual([
      [0, 1, 3, 4, 5, 2],
      [0, 0, 1, 6, 0, 0],
      [1, 3, 3, 7, 7, 0],
    ]);
    expect(batch.attentionMask).toEqual([
      [0, 1, 1, 1, 1, 1],
      [0, 0, 1, 1, 0, 0],
      [1, 1, 1, 1, 1, 0],
    ]);
    expect(batch.completionMask).toEqual([
      [1, 1, 1],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(batch.completionLength).toBe(3);
  });
});

describe('grpoLoss', () => {
  const model = createTinyCausalLM({ config: { vocabSize: 10, hiddenSize: 8 }, seed: 4 });
  const batch = buildPolicyBatch(rows, { padTokenId: 0 });
  const value = (overrides: Partial<GrpoLossOptions>) =>
    tf.tidy(
      () =>
        grpoLoss({ model, batch, advantages }, { ...options, ...overrides }).loss.dataSync()[0]!,
    );

  it('on-policy (ratio 1) equals -A aggregated as TRL loss types say', () => {
    const before = tf.memory().numTensors;
    // Trained tokens: row 0 has 3 (A = 1), row 1 has 1 (A = -0.5); row 2 is masked.
    expect(value({ lossType: 'dapo' })).toBeCloseTo(-(3 * 1 + 1 * -0.5) / 4, 6);
    expect(value({ lossType: 'grpo' })).toBeCloseTo(-(1 + -0.5 + 0) / 3, 6);
    expect(value({ lossType: 'dr_grpo' })).toBeCloseTo(-(3 * 1 + 1 * -0.5) / (3 * 5), 6);
    expect(value({ lossType: 'dapo', scale: 0.5 })).toBeCloseTo(-(2.5 / 4) * 0.5, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dapo with token-share scales over two micro-batches equals the whole batch gradient', () => {
    const before = tf.memory().numTensors;
    const variables = model.trainableVariables();
    const whole = computeGradients(
      variables,
      () => grpoLoss({ model, batch, advantages }, options).loss,
    );
    const parts = [
      { rows: rows.slice(0, 1), advantages: advantages.slice(0, 1), scale: 3 / 4 },
      { rows: rows.slice(1), advantages: advantages.slice(1), scale: 1 / 4 },
    ].map((part) =>
      computeGradients(
        variables,
        () =>
          grpoLoss(
            {
              model,
              batch: buildPolicyBatch(part.rows, { padTokenId: 0 }),
              advantages: part.advantages,
            },
            { ...options, scale: part.scale },
          ).loss,
      ),
    );
    whole.gradients.forEach((gradient, index) => {
      const difference = tf.tidy(() => {
        const summed = tf.add(parts[0]!.gradients[index]!, parts[1]!.gradients[index]!);
        return tf.max(tf.abs(tf.sub(summed, gradient))).dataSync()[0]!;
      });
      expect(difference).toBeLessThan(1e-6);
    });
    expect(whole.value).toBeCloseTo(parts[0]!.value + parts[1]!.value, 6);
    tf.dispose([...whole.gradients, ...parts.flatMap((part) => part.gradients)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('chunked log-probs and entropies give the loss and gradients of full logits', () => {
    const before = tf.memory().numTensors;
    const variables = model.trainableVariables();
    const settings = { ...options, lossType: 'grpo' as const, entropyCoef: 0.3, beta: 0.1 };
    // Off-policy old log-probs and a reference, so every term of the loss is live.
    const oldLogp = tf.tensor2d([
      [-2.1, -1.7, -2.6],
      [-1.9, -3, -3],
      [-2.2, -2.4, -3],
    ]);
    const refLogp = tf.tensor2d([
      [-2.3, -1.5, -2.2],
      [-2.4, -3, -3],
      [-2, -2.6, -3],
    ]);
    const reference = computeGradients(variables, () =>
      tf.tidy(() => {
        const time = batch.inputIds[0]!.length;
        const logits = tf.slice(
          model.forward({
            inputIds: tf.tensor2d(batch.inputIds, undefined, 'int32'),
            attentionMask: tf.tensor2d(batch.attentionMask, undefined, 'int32'),
          }).logits,
          [0, time - batch.completionLength - 1, 0],
          [rows.length, batch.completionLength, -1],
        );
        const logp = tokenLogProbs(logits, tf.tensor2d(batch.completionIds, undefined, 'int32'), {
          temperature: settings.temperature,
        });
        return policyLoss(
          {
            logp,
            oldLogp,
            refLogp,
            advantages,
            mask: tf.tensor2d(batch.completionMask),
            logits,
          },
          {
            preset: 'trl',
            epsilon: settings.epsilon,
            epsilonHigh: settings.epsilonHigh,
            lossType: 'grpo',
            maxCompletionLength: settings.maxCompletionLength,
            beta: settings.beta,
            klEstimator: 'k3',
            entropyCoef: settings.entropyCoef,
            temperature: settings.temperature,
          },
        ).loss;
      }),
    );
    for (const chunkSize of [1, 2, 64]) {
      const chunked = computeGradients(
        variables,
        () =>
          grpoLoss({ model, batch, advantages, oldLogp, refLogp }, { ...settings, chunkSize }).loss,
      );
      expect(chunked.value).toBeCloseTo(reference.value, 5);
      chunked.gradients.forEach((gradient, index) => {
        const difference = tf.tidy(
          () => tf.max(tf.abs(tf.sub(gradient, reference.gradients[index]!))).dataSync()[0]!,
        );
        expect(difference, `${variables[index]!.name}, chunk ${chunkSize}`).toBeLessThan(1e-5);
      });
      tf.dispose(chunked.gradients);
    }
    // The entropy and KL terms are live: without them the loss differs.
    const plain = tf.tidy(
      () =>
        grpoLoss(
          { model, batch, advantages, oldLogp, refLogp },
          { ...settings, entropyCoef: 0, beta: 0 },
        ).loss.dataSync()[0]!,
    );
    expect(Math.abs(plain - reference.value)).toBeGreaterThan(1e-3);
    tf.dispose([...reference.gradients, oldLogp, refLogp]);
    expect(tf.memory().numTensors).toBe(before);
  });

  afterAll(() => model.dispose());
});
