import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../io/safetensors-codec.js';
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
    const moments = decodeSafetensors(await readFile(join(directory, 'optimizer.safetensors')));
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
});
