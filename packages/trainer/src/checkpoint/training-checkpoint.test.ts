import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AdamW } from '../optim/adamw.js';
import {
  loadTrainingCheckpoint,
  restoreVariables,
  saveTrainingCheckpoint,
} from './training-checkpoint.js';

describe('training checkpoints', () => {
  it('round-trips variables, optimiser state and trainer state, and exports the model', async () => {
    const before = tf.memory().numTensors;
    const directory = join(await mkdtemp(join(tmpdir(), 'r1kit-ckpt-')), 'checkpoint-3');
    const a = tf.tidy(() =>
      tf.variable(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
      ),
    );
    const b = tf.tidy(() => tf.variable(tf.tensor1d([0.5])));
    const optimizer = new AdamW([a, b]);
    const gradients = [tf.onesLike(a), tf.onesLike(b)];
    optimizer.applyGradients(gradients);
    await saveTrainingCheckpoint(directory, {
      variables: [a, b],
      optimizerState: optimizer.getState(),
      trainerState: { step: 3, dataOrder: { epoch: 1 } },
      exportModel: async (target) => {
        const { mkdir, writeFile } = await import('node:fs/promises');
        await mkdir(target);
        await writeFile(join(target, 'config.json'), '{}');
      },
    });
    expect((await readdir(directory)).sort()).toEqual([
      'model',
      'optimizer.safetensors',
      'trainable.safetensors',
      'trainer_state.json',
    ]);
    const moments = parseSafetensors(await readFile(join(directory, 'optimizer.safetensors')));
    expect(Object.keys(moments.tensors).sort()).toEqual([
      'variable.00000.exp_avg',
      'variable.00000.exp_avg_sq',
      'variable.00001.exp_avg',
      'variable.00001.exp_avg_sq',
    ]);
    const loaded = await loadTrainingCheckpoint(directory);
    expect(loaded.trainerState).toEqual({ step: 3, dataOrder: { epoch: 1 } });
    expect(loaded.optimizerState.step).toBe(1);
    expect(Array.from(loaded.optimizerState.slots[0]!.firstMoment)).toEqual(
      Array.from(optimizer.getState().slots[0]!.firstMoment),
    );
    const savedA = Array.from(a.dataSync());
    tf.tidy(() => a.assign(tf.zerosLike(a)));
    restoreVariables([a, b], loaded.variables);
    expect(Array.from(a.dataSync())).toEqual(savedA);
    expect(() => restoreVariables([b, a], loaded.variables)).toThrowError(/shape \[1\]/);
    expect(() => restoreVariables([a], loaded.variables)).toThrowError(/2 variables|1 variables/);
    tf.dispose([a, b, ...gradients]);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the missing file of an incomplete checkpoint', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'r1kit-ckpt-')), 'checkpoint-1');
    const v = tf.tidy(() => tf.variable(tf.zeros([2])));
    const optimizer = new AdamW([v]);
    await saveTrainingCheckpoint(directory, {
      variables: [v],
      optimizerState: optimizer.getState(),
      trainerState: {},
    });
    await rm(join(directory, 'optimizer.safetensors'));
    await expect(loadTrainingCheckpoint(directory)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('optimizer.safetensors is missing'),
    });
    optimizer.dispose();
    v.dispose();
  });

  it.each([
    ['a text step', { step: 'abc' }, /"step" "abc"; expected an integer >= 0/],
    ['a negative step', { step: -5 }, /"step" -5; expected an integer >= 0/],
    ['a fractional step', { step: 2.5 }, /"step" 2.5/],
    ['no step', { trainer: 'GrpoTrainer' }, /"step" undefined/],
    [
      'a step unlike the folder',
      { step: 10 },
      /"step" 10; expected 21, the step in the folder name/,
    ],
    ['a step below the optimiser step', { step: 0 }, /expected 21|optimiser step/],
    ['a bad data order', { step: 21, dataOrder: { epoch: -1 } }, /"dataOrder.epoch" -1/],
    ['a non-object', [21], /the content/],
  ])('refuses a trainer_state.json with %s', async (_, state, message) => {
    const directory = join(await mkdtemp(join(tmpdir(), 'r1kit-ckpt-')), 'checkpoint-21');
    const v = tf.tidy(() => tf.variable(tf.zeros([2])));
    const optimizer = new AdamW([v]);
    const gradient = tf.onesLike(v);
    optimizer.applyGradients([gradient]);
    await saveTrainingCheckpoint(directory, {
      variables: [v],
      optimizerState: optimizer.getState(),
      trainerState: { step: 21 },
    });
    await expect(loadTrainingCheckpoint(directory)).resolves.toMatchObject({
      trainerState: { step: 21 },
    });
    await writeFile(join(directory, 'trainer_state.json'), JSON.stringify(state));
    await expect(loadTrainingCheckpoint(directory)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(message),
    });
    optimizer.dispose();
    tf.dispose([v, gradient]);
  });

  it('refuses an optimiser step above the trainer step', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'r1kit-ckpt-')), 'step-zero');
    const v = tf.tidy(() => tf.variable(tf.zeros([2])));
    const optimizer = new AdamW([v]);
    const gradient = tf.onesLike(v);
    optimizer.applyGradients([gradient]);
    await saveTrainingCheckpoint(directory, {
      variables: [v],
      optimizerState: optimizer.getState(),
      trainerState: { step: 0 },
    });
    await expect(loadTrainingCheckpoint(directory)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('optimiser step "1"'),
    });
    optimizer.dispose();
    tf.dispose([v, gradient]);
  });
});
