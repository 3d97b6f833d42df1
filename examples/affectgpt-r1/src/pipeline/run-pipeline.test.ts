import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCli } from '../cli/parse-cli.js';
import type { RunConfig } from '../cli/run-config.js';
import { type PipelineResult, runPipeline } from './run-pipeline.js';

// The micro preset end to end on the wasm backend (the example's default runtime): a few SFT
// steps, a few GRPO steps, evaluation and report. One uninterrupted run, and one run stopped
// after 2 GRPO steps then resumed from its checkpoint.
const root = await mkdtemp(path.join(tmpdir(), 'r1kit-micro-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function microConfig(out: string, extra: string[] = []): RunConfig {
  const request = parseCli([
    '--preset',
    'micro',
    '--seed',
    '2',
    '--backend',
    'wasm',
    '--out',
    out,
    ...extra,
  ]);
  if (request.kind !== 'run') throw new Error('expected a run request');
  return request.config;
}

const quiet = { log: () => {}, progress: false };

describe('runPipeline (micro preset)', () => {
  let full: PipelineResult;
  let tensorsBefore = 0;
  let tensorsAfter = 0;

  it('trains end to end, raises the reward, and leaks no tensors', async () => {
    tensorsBefore = tf.memory().numTensors;
    full = await runPipeline(microConfig(path.join(root, 'full')), quiet);
    tensorsAfter = tf.memory().numTensors;
    expect(tensorsAfter).toBe(tensorsBefore);
    const rewards = full.steps.map((step) => step.reward as number);
    expect(rewards).toHaveLength(microConfig('x').grpoSteps);
    const half = Math.floor(rewards.length / 2);
    const mean = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(rewards.slice(half))).toBeGreaterThan(mean(rewards.slice(0, half)));
    expect(full.evaluation.map((row) => row.stage)).toEqual(['after SFT', 'after GRPO']);
    const report = JSON.parse(await readFile(path.join(root, 'full', 'report.json'), 'utf8'));
    expect(report.evaluation).toEqual(JSON.parse(JSON.stringify(full.evaluation)));
    expect(await readFile(path.join(root, 'full', 'report.md'), 'utf8')).toContain(
      '| after GRPO |',
    );
  });

  it('resumes an interrupted run to exactly the uninterrupted result', async () => {
    const out = path.join(root, 'resumed');
    const stopped = await runPipeline(microConfig(out), { ...quiet, stopAfterGrpoSteps: 2 });
    expect(stopped.steps).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const resumed = await runPipeline(microConfig(out, ['--resume']), quiet);
    expect(resumed.evaluation).toEqual(full.evaluation);
    const keys = ['reward', 'loss', 'rewards/accuracy/mean', 'completions/mean_length'];
    const pick = (steps: PipelineResult['steps']) =>
      steps.map((step) => keys.map((key) => step[key]));
    expect(pick(resumed.steps)).toEqual(pick(full.steps));
  });
});
