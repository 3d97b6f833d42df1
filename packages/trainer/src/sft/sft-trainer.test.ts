import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GrpoTrainer } from '../grpo/grpo-trainer.js';
import type { SftExample } from './sft-example.js';
import { SftTrainer } from './sft-trainer.js';

/** Prompt [1, a], completion [a + 4, 2]: the answer token depends on the prompt. */
const examples: SftExample[] = [3, 4, 5, 6, 7, 3, 4, 5].map((a, index) => ({
  inputIds: index % 2 ? [1, a, a + 4, 2] : [1, 1, a, a + 4, 2],
  completionMask: index % 2 ? [0, 0, 1, 1] : [0, 0, 0, 1, 1],
}));

const weights = (trainer: { variables: readonly tf.Variable[] }) =>
  trainer.variables.map((variable) => Array.from(variable.dataSync()));

function setup(overrides: Partial<ConstructorParameters<typeof SftTrainer>[0]> = {}) {
  const model = createTinyCausalLM({ config: { vocabSize: 13, hiddenSize: 8 }, seed: 5 });
  const trainer = new SftTrainer({
    model,
    examples,
    batchSize: 4,
    maxSteps: 8,
    learningRate: 0.05,
    warmupSteps: 1,
    seed: 1,
    progress: false,
    ...overrides,
  });
  return { model, trainer, variables: model.trainableVariables() };
}

describe('SftTrainer', () => {
  it('lowers the completion loss and does not leak tensors across steps', async () => {
    const { model, trainer } = setup({ maxSteps: 30 });
    const start = trainer.evaluateLoss(examples);
    await trainer.train({ steps: 2 });
    const before = tf.memory().numTensors;
    const history = await trainer.train();
    expect(tf.memory().numTensors).toBe(before);
    expect(history).toHaveLength(28);
    const end = trainer.evaluateLoss(examples);
    expect(end).toBeLessThan(start * 0.5);
    expect(history.at(-1)!.learning_rate).toBeLessThan(0.05 * 0.01);
    expect(history[0]!.num_tokens).toBe(8);
    trainer.dispose();
    model.dispose();
  });

  it('gradient accumulation equals one large batch', async () => {
    const big = setup({ batchSize: 4, maxSteps: 3 });
    const accumulated = setup({ batchSize: 2, gradientAccumulationSteps: 2, maxSteps: 3 });
    await big.trainer.train();
    await accumulated.trainer.train();
    const a = weights(big);
    const b = weights(accumulated);
    a.forEach((values, index) => {
      values.forEach((value, j) => {
        expect(b[index]![j]).toBeCloseTo(value, 6);
      });
    });
    for (const run of [big, accumulated]) {
      run.trainer.dispose();
      run.model.dispose();
    }
  });

  it('resume continues exactly like an uninterrupted run', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'r1kit-sft-'));
    const straight = setup({ maxSteps: 6 });
    await straight.trainer.train();
    // The interrupted run got to step 5 (and logged it) before stopping; it resumes from step 3.
    const first = setup({ maxSteps: 6, outputDir, saveSteps: 3 });
    await first.trainer.train({ steps: 5 });
    expect(await readdir(outputDir)).toContain('checkpoint-3');
    const resumed = setup({ maxSteps: 6, outputDir });
    await resumed.trainer.resume(join(outputDir, 'checkpoint-3'));
    expect(resumed.trainer.step).toBe(3);
    await resumed.trainer.train();
    expect(weights(resumed)).toEqual(weights(straight));
    const lines = (await readFile(join(outputDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(
      expect.arrayContaining(['loss', 'grad_norm', 'learning_rate', 'num_tokens', 'epoch']),
    );
    const wrong = new GrpoTrainer({
      model: straight.model,
      prompts: [{ promptIds: [1, 3] }],
      rewardFunctions: [{ name: 'zero', compute: ({ completions }) => completions.map(() => 0) }],
      numGenerations: 2,
      perDeviceTrainBatchSize: 2,
      maxSteps: 1,
      progress: false,
    });
    await expect(wrong.resume(join(outputDir, 'checkpoint-3'))).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining(
        'a checkpoint written by GrpoTrainer (this one is from SftTrainer)',
      ),
    });
    wrong.dispose();
    for (const run of [straight, first, resumed]) {
      run.trainer.dispose();
      run.model.dispose();
    }
  });

  it('trains extra variables through the soft-token provider', async () => {
    const adapter = tf.tidy(() => tf.variable(tf.zeros([1, 8]), true, 'sft-test-adapter'));
    // The soft token sits just before the answer, so it shapes the answer's logits.
    const withSoft = examples.map((example) => {
      const at = example.completionMask.indexOf(1) - 1;
      const ids = [...example.inputIds];
      const mask = [...example.completionMask];
      ids.splice(at, 0, 12);
      mask.splice(at, 0, 0);
      return { inputIds: ids, completionMask: mask, payload: 1 };
    });
    const { model, trainer } = setup({
      examples: withSoft,
      extraVariables: [adapter],
      softTokens: (payloads) => ({
        placeholderTokenId: 12,
        embeddings: tf.tile(tf.reshape(adapter, [1, 1, 8]), [payloads.length, 1, 1]) as tf.Tensor3D,
      }),
      maxSteps: 2,
    });
    await trainer.train();
    expect(Math.max(...Array.from(adapter.dataSync()).map(Math.abs))).toBeGreaterThan(0);
    trainer.dispose();
    model.dispose();
    adapter.dispose();
  });

  it('raises clear errors for bad configuration', () => {
    const model = createTinyCausalLM({ config: { vocabSize: 12, hiddenSize: 8 }, seed: 1 });
    const expectError = (fn: () => unknown, code: string, text: RegExp) => {
      try {
        fn();
      } catch (error) {
        expect(R1kitError.isInstance(error)).toBe(true);
        expect((error as R1kitError).code).toBe(code);
        expect((error as Error).message).toMatch(text);
        return;
      }
      throw new Error('expected an error');
    };
    const base = { model, examples, maxSteps: 2, progress: false };
    expectError(
      () => new SftTrainer({ ...base, examples: [] }),
      'INVALID_ARGUMENT',
      /options.examples/,
    );
    expectError(
      () => new SftTrainer({ ...base, batchSize: 0 }),
      'INVALID_ARGUMENT',
      /options.batchSize must be a positive integer; received 0/,
    );
    expectError(
      () => new SftTrainer({ ...base, maxSteps: 1.5 }),
      'INVALID_ARGUMENT',
      /options.maxSteps/,
    );
    expectError(
      () => new SftTrainer({ ...base, learningRate: Number.NaN }),
      'INVALID_ARGUMENT',
      /options.learningRate/,
    );
    expectError(
      () => new SftTrainer({ ...base, examples: [{ inputIds: [1, 2], completionMask: [1] }] }),
      'SHAPE_MISMATCH',
      /completionMask/,
    );
    expectError(
      () => new SftTrainer({ ...base, examples: [{ inputIds: [3], completionMask: [1] }] }),
      'INVALID_ARGUMENT',
      /options.examples\[0\].inputIds must be at least 2 token ids/,
    );
    expectError(
      () => new SftTrainer({ ...base, examples: [{ inputIds: [1, 40], completionMask: [0, 1] }] }),
      'INVALID_ARGUMENT',
      /examples\[0\].inputIds must be token ids below the model's vocabSize \(12\)/,
    );
    model.dispose();
  });
});
