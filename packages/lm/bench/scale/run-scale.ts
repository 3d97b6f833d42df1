// bench/scale: r1kit against PyTorch eager on the SmolLM2-135M and Qwen2.5-0.5B shapes, side by
// side in one run. Writes each shape in Hugging Face layout with seeded random weights, loads it
// with loadCausalLM, and times greedy decode with the KV cache and training steps (forward +
// backward of the mean completion log-probability, full weights and LoRA r16 on all seven
// projections). Each row runs in its own process on each side (a tfjs crash is reported in the
// table instead of ending the run; the peak RSS belongs to that row).
//
// Usage: npm run bench:scale -- [--quick] [--shapes smollm2-135m,qwen2.5-0.5b] [--train 2x64,8x64]
//        [--modes full,lora] [--steps 2] [--new-tokens 32] [--backend wasm] [--no-peer]
//        [--chunk-size 64] [--gradient-checkpointing] [--micro-batch 2]
// --micro-batch N: each training step runs its rows N at a time and accumulates the gradients
// (on both sides); it is then warmed up on one micro-batch and timed once, under the profiler.
// --peer-micro-batch N: the PyTorch peer's micro-batch instead (e.g. the whole batch: its fastest
// layout, one pass), while r1kit keeps --micro-batch.
// --weight-packing cached|transient: forces how training passes multiply frozen weights on wasm
// (default: defaultWeightPacking, 'transient' for the Qwen2.5-0.5B LoRA rows).
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BackendName, selectBackend } from '../../src/index.js';
import { runWorkerTask, type WorkerResult, type WorkerTask } from './r1kit-worker.js';
import { ensureRandomModel } from './write-random-model.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    shapes: { type: 'string' },
    train: { type: 'string' },
    modes: { type: 'string', default: 'full,lora' },
    steps: { type: 'string' },
    'decode-batch': { type: 'string', default: '8' },
    prompt: { type: 'string', default: '16' },
    'new-tokens': { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    'no-peer': { type: 'boolean', default: false },
    python: { type: 'string', default: '/usr/bin/python3' },
    dir: { type: 'string', default: join(os.tmpdir(), 'r1kit-bench-scale') },
    'worker-timeout': { type: 'string', default: '1800' },
    'chunk-size': { type: 'string', default: '64' },
    'gradient-checkpointing': { type: 'boolean', default: false },
    'micro-batch': { type: 'string' },
    'peer-micro-batch': { type: 'string' },
    'weight-packing': { type: 'string' },
    worker: { type: 'string' },
  },
});

/** Worker mode: run one task and print its result as the last line. */
if (values.worker !== undefined) {
  const { directory, task } = JSON.parse(values.worker) as { directory: string; task: WorkerTask };
  await selectBackend({ backend: values.backend as BackendName | 'auto', log: false });
  try {
    console.log(JSON.stringify(await runWorkerTask(directory, task)));
  } catch (error) {
    // One line the parent reports (R1kitError's code and message, or tfjs-wasm's RuntimeError).
    const { name, message, code } = error as Error & { code?: string };
    process.stderr.write(`\nworker error: ${code ? `${code}: ` : `${name}: `}${message}\n`);
    process.exit(1);
  }
  process.exit(0);
}

const quick = values.quick;
const shapes = (values.shapes ?? (quick ? 'smollm2-135m' : 'smollm2-135m,qwen2.5-0.5b')).split(',');
const trainShapes = (values.train ?? (quick ? '2x16' : '2x64,8x64')).split(',').map((text) => {
  const [batch, time] = text.split('x').map(Number);
  return { batch: batch!, time: time! };
});
const modes = values.modes.split(',') as ('full' | 'lora')[];
const steps = Number(values.steps ?? (quick ? 1 : 2));
const decodeBatch = Number(values['decode-batch']);
const promptLength = Number(values.prompt);
const newTokens = Number(values['new-tokens'] ?? (quick ? 8 : 32));
const timeoutMs = Number(values['worker-timeout']) * 1000;
const here = fileURLToPath(new URL('.', import.meta.url));
const peerScript = join(here, '../../scripts/scale-peer.py');

/** Runs a command; resolves with its last stdout line parsed as JSON, or the error text. */
function runJson(command: string, args: string[]): Promise<{ result?: unknown; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) return resolve({ result: JSON.parse(last) });
      const lines = `${stderr}\n${stdout}`.split('\n').filter((line) => line.trim() !== '');
      const reason =
        lines.find((line) => line.startsWith('worker error: '))?.slice('worker error: '.length) ??
        lines.find((line) => /^(RuntimeError|Aborted|R1kitError)/.test(line.trim())) ??
        lines.at(-1) ??
        `exit ${code ?? signal}`;
      resolve({
        error: `${signal === 'SIGKILL' ? 'timed out: ' : ''}${reason.trim().slice(0, 400)}`,
      });
    });
  });
}

interface Row {
  shape: string;
  work: string;
  r1kit?: WorkerResult;
  r1kitError?: string;
  torch?: { tokensPerSecond: number; peakRssMb: number; firstRowIds?: number[] };
  torchError?: string;
}

const microBatch = values['micro-batch'] === undefined ? undefined : Number(values['micro-batch']);
const peerMicroBatch =
  values['peer-micro-batch'] === undefined ? microBatch : Number(values['peer-micro-batch']);
for (const [flag, value] of [
  ['--micro-batch', microBatch],
  ['--peer-micro-batch', peerMicroBatch],
] as const) {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new Error(`bench/scale: ${flag} must be a positive integer, got ${value}`);
  }
}
const trainLabel = `${values['gradient-checkpointing'] ? ', checkpointed' : ''}, chunk ${values['chunk-size']}`;
const log = (message: string) => process.stdout.write(`${message}\n`);
const { name: backend } = await selectBackend({
  backend: values.backend as BackendName | 'auto',
  log: false,
});
log(
  `bench/scale: backend ${backend}; ${os.cpus().length} cores; load average ${os.loadavg()[0]!.toFixed(1)}; decode batch ${decodeBatch} x ${promptLength}-token prompt + ${newTokens} new; train ${trainShapes.map((s) => `${s.batch}x${s.time}`).join(', ')} (${modes.join(', ')}), median of ${steps} step(s) after a warm-up`,
);
const rows: Row[] = [];
for (const shape of shapes) {
  const directory = await ensureRandomModel(values.dir, shape, log);
  const tasks: { work: string; task: WorkerTask; peer: string[] }[] = [
    {
      work: `decode ${decodeBatch}x${promptLength}+${newTokens}`,
      task: { kind: 'decode', batch: decodeBatch, prompt: promptLength, newTokens },
      peer: ['decode', `${decodeBatch}`, `${promptLength}`, `${newTokens}`],
    },
  ];
  for (const { batch, time } of trainShapes) {
    for (const mode of modes) {
      tasks.push({
        work: `train ${mode} ${batch}x${time}${trainLabel}${microBatch !== undefined && microBatch < batch ? `, micro-batches of ${microBatch}` : ''}${peerMicroBatch !== microBatch ? ` (PyTorch: micro-batches of ${Math.min(peerMicroBatch ?? batch, batch)})` : ''}`,
        task: {
          kind: 'train',
          batch,
          time,
          mode,
          steps,
          chunkSize: Number(values['chunk-size']),
          gradientCheckpointing: values['gradient-checkpointing'],
          ...(microBatch === undefined ? {} : { microBatch }),
          ...(values['weight-packing'] === undefined
            ? {}
            : { weightPacking: values['weight-packing'] as 'cached' | 'transient' }),
        },
        peer: ['train', `${batch}`, `${time}`, mode, `${steps}`, `${peerMicroBatch ?? batch}`],
      });
    }
  }
  for (const { work, task, peer } of tasks) {
    const row: Row = { shape, work };
    const started = performance.now();
    const ours = await runJson(process.execPath, [
      ...process.execArgv,
      process.argv[1]!,
      '--backend',
      backend,
      '--worker',
      JSON.stringify({ directory, task }),
    ]);
    if (ours.result) row.r1kit = ours.result as WorkerResult;
    else row.r1kitError = ours.error;
    if (!values['no-peer']) {
      const theirs = await runJson(values.python, [peerScript, directory, ...peer]);
      if (theirs.result) row.torch = theirs.result as Row['torch'];
      else row.torchError = theirs.error;
    }
    rows.push(row);
    const fmt = (x?: number) => (x === undefined ? '-' : x.toFixed(1));
    log(
      `  ${shape} ${work}: r1kit ${row.r1kit ? fmt(row.r1kit.tokensPerSecond) : row.r1kitError} tokens/s, PyTorch ${row.torch ? fmt(row.torch.tokensPerSecond) : (row.torchError ?? '-')} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    if (row.r1kit)
      log(
        `    r1kit top kernels (ms): ${row.r1kit.topKernels.map(([n, ms]) => `${n} ${ms}`).join(', ')}`,
      );
  }
}

const cell = (x: number | undefined, digits = 1) => (x === undefined ? '-' : x.toFixed(digits));
const estimateCell = (result?: WorkerResult) =>
  result?.estimatedPeakMb === undefined
    ? '-'
    : `${cell(result.estimatedPeakMb, 0)} (${cell(result.estimatedPeakMb / result.peakTensorMb, 2)}), ${cell(result.estimatedHeapMb, 0)}${result.wasmHeapMb ? ` (${cell(result.estimatedHeapMb! / result.wasmHeapMb, 2)})` : ''}`;
log(
  `\n| shape | work | r1kit ${backend} tokens/s | PyTorch tokens/s | ratio | r1kit peak tensors / wasm heap / RSS (MB) | estimateMemory (MB): tensors / peak, + packed / heap | PyTorch peak RSS (MB) | note |`,
);
log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const ours = row.r1kit?.tokensPerSecond;
  const theirs = row.torch?.tokensPerSecond;
  const ratio = ours !== undefined && theirs !== undefined ? `${(ours / theirs).toFixed(2)}x` : '-';
  let note = row.r1kitError ? `r1kit: ${row.r1kitError}` : (row.torchError ?? '');
  if (row.r1kit?.weightPacking)
    note = `${note}${note ? '; ' : ''}${row.r1kit.weightPacking} packing`;
  const a = row.r1kit?.firstRowIds;
  const b = row.torch?.firstRowIds;
  if (a && b) {
    let same = 0;
    while (same < a.length && a[same] === b[same]) same++;
    note = `greedy ids agree on ${same}/${a.length}`;
  }
  log(
    `| ${row.shape} | ${row.work} | ${ours === undefined ? 'error' : cell(ours)} | ${theirs === undefined ? '-' : cell(theirs)} | ${ratio} | ${row.r1kit ? `${cell(row.r1kit.peakTensorMb, 0)} / ${cell(row.r1kit.wasmHeapMb, 0)} / ${cell(row.r1kit.peakRssMb, 0)}` : '-'} | ${estimateCell(row.r1kit)} | ${cell(row.torch?.peakRssMb, 0)} | ${note} |`,
  );
}
log(
  JSON.stringify({
    bench: 'lm-scale',
    backend,
    cores: os.cpus().length,
    loadAverage: os.loadavg()[0],
    decode: { batch: decodeBatch, prompt: promptLength, newTokens },
    steps,
    rows,
  }),
);
