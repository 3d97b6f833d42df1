// bench/scale, data-parallel route: a training step (forward + backward of the mean completion
// log-probability, LoRA r16 on all seven projections or every weight: run-scale's train row)
// split over worker threads, each with its own TensorFlow.js, wasm heap and copy of the model;
// the main thread sums their gradients. Layouts `WxT` are W workers with T wasm threads each
// (1x1: one core; 2x1: data-parallel on two; 1x2: one model, tfjs-wasm's threaded build).
// Layouts run interleaved, `--repeat` times, each repeat with the PyTorch peer, so the spread
// between repeats shows the noise of a shared machine.
//
// Usage: npm run bench:data-parallel -- [--shape smollm2-135m] [--train 2x64] [--mode lora]
//        [--layouts 1x1,2x1,1x2] [--steps 2] [--repeat 2] [--chunk-size 64]
//        [--gradient-checkpointing] [--no-peer]
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataParallelPool } from './data-parallel-pool.js';
import { scaleShapes } from './scale-shapes.js';
import { ensureRandomModel } from './write-random-model.js';

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'smollm2-135m' },
    train: { type: 'string', default: '2x64' },
    mode: { type: 'string', default: 'lora' },
    layouts: { type: 'string', default: '1x1,2x1,1x2' },
    steps: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '2' },
    'chunk-size': { type: 'string', default: '64' },
    'gradient-checkpointing': { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
    python: { type: 'string', default: '/usr/bin/python3' },
    dir: { type: 'string', default: join(os.tmpdir(), 'r1kit-bench-scale') },
  },
});

const mode = values.mode as 'full' | 'lora';
const steps = Number(values.steps);
const repeats = Number(values.repeat);
const trainShapes = values.train.split(',').map((text) => {
  const [batch, time] = text.split('x').map(Number);
  return { batch: batch!, time: time! };
});
const layouts = values.layouts.split(',').map((text) => {
  const [workers, threads] = text.split('x').map(Number);
  return { label: text, workers: workers!, threads: threads! };
});
const options = {
  chunkSize: Number(values['chunk-size']),
  gradientCheckpointing: values['gradient-checkpointing'],
  training: true,
};
const log = (message: string) => process.stdout.write(`${message}\n`);
const here = fileURLToPath(new URL('.', import.meta.url));
const peerScript = join(here, '../../scripts/scale-peer.py');

/** The same prompt ids as scripts/scale-peer.py and r1kit-worker.ts. */
function promptIds(batch: number, length: number, vocab: number): number[][] {
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length }, (_, t) => (b * 131 + t * 17 + 1) % vocab),
  );
}

/** Writes the shape's random weights unless run-scale (or an earlier run) already did. */
function modelDirectory(shape: string): Promise<string> {
  return ensureRandomModel(values.dir, shape, log);
}

/** PyTorch's tokens/s for the same step (scripts/scale-peer.py, as run-scale calls it). */
function peerTokensPerSecond(directory: string, batch: number, time: number): Promise<number> {
  return new Promise((resolve) => {
    const args = [peerScript, directory, 'train', `${batch}`, `${time}`, mode, `${steps}`];
    const child = spawn(values.python, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('close', () => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      resolve(last.startsWith('{') ? JSON.parse(last).tokensPerSecond : Number.NaN);
    });
  });
}

/** Median seconds of `steps` steps after a warm-up, on a fresh pool; and the loss. */
async function timeLayout(
  directory: string,
  layout: (typeof layouts)[number],
  batch: { inputIds: number[][]; completionLength: number },
): Promise<{ seconds: number; loss: number }> {
  const pool = await DataParallelPool.start({
    workers: layout.workers,
    directory,
    mode,
    backend: 'wasm',
    wasmThreads: layout.threads,
  });
  try {
    const { loss } = await pool.step(batch, options); // warm-up
    const times: number[] = [];
    for (let step = 0; step < steps; step++) {
      const started = performance.now();
      await pool.step(batch, options);
      times.push((performance.now() - started) / 1000);
    }
    return { seconds: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!, loss };
  } finally {
    await pool.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const directory = await modelDirectory(values.shape);
const vocab = scaleShapes[values.shape]!.vocabSize;
log(
  `bench/data-parallel: ${values.shape}, train ${values.train} ${mode}, chunk ${options.chunkSize}${options.gradientCheckpointing ? ', checkpointed' : ''}; layouts (workers x wasm threads) ${values.layouts}; median of ${steps} step(s) after a warm-up, ${repeats} repeat(s); ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
);
interface Row {
  work: string;
  layout: string;
  tokensPerSecond: number[];
  loss: number[];
}
const rows: Row[] = [];
const peers: Record<string, number[]> = {};
for (const { batch, time } of trainShapes) {
  const work = `train ${mode} ${batch}x${time}`;
  const ids = { inputIds: promptIds(batch, time, vocab), completionLength: Math.floor(time / 2) };
  const byLayout = layouts.map((layout) => ({
    work,
    layout: layout.label,
    tokensPerSecond: [] as number[],
    loss: [] as number[],
  }));
  rows.push(...byLayout);
  peers[work] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [index, layout] of layouts.entries()) {
      const { seconds, loss } = await timeLayout(directory, layout, ids);
      byLayout[index]!.tokensPerSecond.push((batch * time) / seconds);
      byLayout[index]!.loss.push(loss);
      log(`  ${work} ${layout.label}: ${((batch * time) / seconds).toFixed(1)} tokens/s`);
    }
    if (!values['no-peer']) {
      peers[work]!.push(await peerTokensPerSecond(directory, batch, time));
      log(`  ${work} PyTorch: ${peers[work]!.at(-1)!.toFixed(1)} tokens/s`);
    }
  }
}

log(
  '\n| work | layout (workers x wasm threads) | r1kit tokens/s, each repeat | median | vs 1x1 | PyTorch tokens/s, each repeat | ratio (medians) | loss |',
);
log('|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const base = rows.find((other) => other.work === row.work && other.layout === '1x1');
  const peer = peers[row.work] ?? [];
  const ours = median(row.tokensPerSecond);
  log(
    `| ${row.work} | ${row.layout} | ${row.tokensPerSecond.map((x) => x.toFixed(1)).join(', ')} | ${ours.toFixed(1)} | ${base ? `${(ours / median(base.tokensPerSecond)).toFixed(2)}x` : '-'} | ${peer.map((x) => x.toFixed(1)).join(', ') || '-'} | ${peer.length ? `${(ours / median(peer)).toFixed(2)}x` : '-'} | ${row.loss[0]?.toFixed(6)} |`,
  );
}
log(
  JSON.stringify({
    bench: 'lm-data-parallel',
    shape: values.shape,
    mode,
    options,
    steps,
    cores: os.cpus().length,
    loadAverage: os.loadavg()[0],
    rows,
    peers,
  }),
);
