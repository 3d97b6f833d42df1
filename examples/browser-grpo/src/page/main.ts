// The page: pick a backend, train with the shared configuration, plot every step.
import '@tensorflow/tfjs'; // webgl and cpu backends, kernels and gradients
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type StepPoint, type TrainGrpoResult, trainGrpo } from '../train-grpo.js';
import { isPresetName, presets } from '../training-config.js';
import { chooseBackend } from './choose-backend.js';
import { drawLinePlot } from './line-plot.js';

/** What the page leaves on `window` for the browser test. */
declare global {
  interface Window {
    r1kitResult?: TrainGrpoResult;
    r1kitError?: string;
  }
}

// The wasm binaries are bundled as assets of this page (no CDN).
setWasmPaths({
  'tfjs-backend-wasm.wasm': plainWasm,
  'tfjs-backend-wasm-simd.wasm': simdWasm,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
});

const byId = <T extends Element>(id: string) => document.getElementById(id) as unknown as T;
const form = byId<HTMLFormElement>('controls');
const presetInput = byId<HTMLSelectElement>('preset');
const seedInput = byId<HTMLInputElement>('seed');
const backendInput = byId<HTMLSelectElement>('backend');
const progress = byId<HTMLProgressElement>('progress');
const status = byId<HTMLElement>('status');

const query = new URLSearchParams(location.search);
presetInput.value = query.get('preset') ?? 'demo';
seedInput.value = query.get('seed') ?? '0';
backendInput.value = query.get('backend') ?? 'auto';

function showSteps(points: readonly StepPoint[], totalSteps: number, sftSteps: number): void {
  drawLinePlot(
    byId('reward-plot'),
    points.map((point) => point.reward),
    totalSteps,
  );
  drawLinePlot(
    byId('ewf-plot'),
    points.map((point) => point.ewF),
    totalSteps,
  );
  const last = points[points.length - 1];
  if (last) {
    progress.max = sftSteps + totalSteps;
    progress.value = sftSteps + points.length;
    status.textContent = `GRPO step ${last.step}/${totalSteps} · ${last.milliseconds.toFixed(0)} ms/step`;
  }
}

function showSamples(result: TrainGrpoResult): void {
  const rows = result.samples.slice(0, 16).map((sample) => {
    const row = document.createElement('tr');
    for (const text of [
      sample.subtitle,
      sample.evidence,
      sample.labels.join(', '),
      sample.completion,
      sample.ewF.toFixed(2),
    ]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  byId<HTMLElement>('samples')
    .querySelector('tbody')
    ?.replaceChildren(...rows);
}

async function run(): Promise<void> {
  const presetName = presetInput.value;
  if (!isPresetName(presetName)) throw new Error(`unknown preset '${presetName}'`);
  const config = { ...presets[presetName], seed: Number(seedInput.value) };
  document.body.dataset.state = 'running';
  byId<HTMLElement>('backend-name').textContent = await chooseBackend(backendInput.value);
  const points: StepPoint[] = [];
  showSteps(points, config.maxSteps, config.sftSteps);
  const result = await trainGrpo({
    config,
    onSftStep: (point) => {
      progress.max = config.sftSteps + config.maxSteps;
      progress.value = point.step;
      status.textContent = `cold-start SFT step ${point.step}/${config.sftSteps} · loss ${point.loss.toFixed(3)}`;
    },
    onStep: (point) => {
      points.push(point);
      showSteps(points, config.maxSteps, config.sftSteps);
    },
  });
  showSamples(result);
  window.r1kitResult = result;
  document.body.dataset.state = 'done';
}

function start(): void {
  delete window.r1kitResult;
  run().catch((error: unknown) => {
    window.r1kitError = error instanceof Error ? (error.stack ?? error.message) : String(error);
    status.textContent = `failed: ${window.r1kitError}`;
    document.body.dataset.state = 'error';
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start();
});
if (query.get('autostart') === '1') start();
