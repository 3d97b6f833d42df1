// The page in a real browser: build it, serve it on 127.0.0.1, train the micro preset in
// headless Chromium on wasm, and compare every number with the same run in Node.
import '@tensorflow/tfjs-backend-wasm';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type StepPoint, type TrainGrpoResult, trainGrpo } from '../src/train-grpo.js';
import { presets } from '../src/training-config.js';
import { useBackend } from '../src/use-backend.js';
import { type HeadlessChromium, launchChromium } from './launch-chromium.js';
import { type StaticServer, serveStatic } from './static-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}test-output/dist`;
const outputFolder = `${root}test-output`;

let server: StaticServer;
let browser: HeadlessChromium;
let page: TrainGrpoResult;

/** The numbers both runs must agree on (wall time excluded). */
const numbers = (steps: readonly StepPoint[]) =>
  steps.map(({ step, reward, ewF, loss }) => ({ step, reward, ewF, loss }));
const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number;

beforeAll(async () => {
  browser = await launchChromium(); // fails first, with the install hint, when Chromium is missing
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  server = await serveStatic(outDir);
  const tab = await browser.context.newPage();
  await tab.goto(`${server.url}?preset=micro&backend=wasm&seed=0&autostart=1`);
  await tab.waitForFunction(
    () => document.body.dataset.state !== 'running' && document.body.dataset.state !== undefined,
    undefined,
    { timeout: 120_000 },
  );
  const error = await tab.evaluate(() => window.r1kitError);
  if (error !== undefined) throw new Error(`the page failed: ${error}`);
  page = (await tab.evaluate(() => window.r1kitResult)) as TrainGrpoResult;
  await mkdir(outputFolder, { recursive: true });
  await tab.screenshot({ path: `${outputFolder}/browser-grpo.png`, fullPage: true });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await browser?.close();
});

test('the page runs the cold start and GRPO on wasm, and the reward rises', () => {
  const config = presets.micro;
  expect(page.backend).toBe('wasm');
  expect(page.steps.map((point) => point.step)).toEqual(
    Array.from({ length: config.maxSteps }, (_, index) => index + 1),
  );
  const third = Math.floor(config.maxSteps / 3);
  const rewards = page.steps.map((point) => point.reward);
  expect(mean(rewards.slice(-third))).toBeGreaterThan(mean(rewards.slice(0, third)));
  expect(page.samples.length).toBe(config.promptsPerStep * config.numGenerations);
  expect(page.sftSteps.map((point) => point.step)).toEqual(
    Array.from({ length: config.sftSteps }, (_, index) => index + 1),
  );
  const losses = page.sftSteps.map((point) => point.loss);
  expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
});

test('the page computes the same numbers as Node on the same backend', async () => {
  expect(await useBackend('wasm')).toBe(true);
  const before = tf.memory().numTensors;
  const node = await trainGrpo({ config: presets.micro });
  expect(tf.memory().numTensors).toBe(before);
  expect(node.backend).toBe('wasm');
  expect(page.sftSteps).toEqual(node.sftSteps);
  expect(numbers(page.steps)).toEqual(numbers(node.steps));
  expect(page.samples).toEqual(node.samples);
  const timing = {
    preset: 'micro',
    backend: 'wasm',
    pageMedianMillisecondsPerStep: median(page.steps.map((point) => point.milliseconds)),
    nodeMedianMillisecondsPerStep: median(node.steps.map((point) => point.milliseconds)),
  };
  await writeFile(`${outputFolder}/timing.json`, `${JSON.stringify(timing, null, 2)}\n`);
});
