// bench/llama-cpp-rollout: the native-engine route of issue #10. For each real shape (random
// weights in the real shapes, written once by @r1kit/lm's bench/scale and shared with it), one
// prompt of 16 tokens and `numGenerations` completions of `new-tokens` tokens at temperature 1,
// side by side in one run:
//   - r1kit in process: InProcessRolloutEngine (@r1kit/sampling's generate on the wasm backend,
//     R1KIT_WASM_THREADS threads), the trainer's default engine;
//   - llama.cpp: LlamaCppRolloutEngine (node-llama-cpp's prebuilt binary), GGUF weights in f32
//     and f16, after a first rollout that writes and loads the GGUF (reported as setup); then
//     the cost of a policy update (the LoRA adapter written and loaded on a new context);
//   - PyTorch eager (packages/lm/scripts/scale-peer.py, greedy, the same batch and lengths).
// Prints a table and a JSON line. node-llama-cpp is an optional peer: `npm install --no-save
// node-llama-cpp` (or pass --node-llama-cpp PATH to its dist/index.js).
//
// Usage: npm run bench:llama-cpp -w @r1kit/rollout -- [--shapes smollm2-135m,qwen2.5-0.5b]
//        [--generations 8] [--new-tokens 64] [--weight-types f32,f16] [--node-llama-cpp PATH]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '@r1kit/core';
import { loadCausalLM, projectionNames } from '@r1kit/lm';
import { InProcessRolloutEngine, type RolloutEngine, type RolloutRequest } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs';
import { ensureRandomModel } from '../../lm/bench/scale/write-random-model.js';
import { LlamaCppRolloutEngine } from '../src/index.js';
import type { NodeLlamaCppModule } from '../src/llama-cpp/node-llama-cpp-types.js';

const { values } = parseArgs({
  options: {
    shapes: { type: 'string', default: 'smollm2-135m,qwen2.5-0.5b' },
    generations: { type: 'string', default: '8' },
    'new-tokens': { type: 'string', default: '64' },
    'weight-types': { type: 'string', default: 'f32,f16' },
    'node-llama-cpp': { type: 'string', default: 'node-llama-cpp' },
    python: { type: 'string', default: '/usr/bin/python3' },
    dir: { type: 'string', default: join(os.tmpdir(), 'r1kit-bench-scale') },
  },
});
const generations = Number(values.generations);
const newTokens = Number(values['new-tokens']);
const promptLength = 16;
const weightTypes = values['weight-types'].split(',') as Array<'f32' | 'f16'>;
const specifier = values['node-llama-cpp'];
const llama = (await import(
  specifier.startsWith('/') ? resolve(specifier) : specifier
)) as NodeLlamaCppModule;
const selected = await selectBackend({ backend: 'wasm', log: false });
const peerScript = join(import.meta.dirname, '../../lm/scripts/scale-peer.py');

/** PyTorch's greedy decode tokens/s (scale-peer.py, batch = generations). */
function peerDecode(directory: string): Promise<number> {
  return new Promise((done) => {
    const args = [
      peerScript,
      directory,
      'decode',
      `${generations}`,
      `${promptLength}`,
      `${newTokens}`,
    ];
    const child = spawn(values.python, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('close', () => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      done(last.startsWith('{') ? JSON.parse(last).tokensPerSecond : Number.NaN);
    });
  });
}

/** Seconds and sampled tokens of one rollout. */
async function timeRollout(engine: RolloutEngine, request: RolloutRequest) {
  const started = performance.now();
  const completions = await engine.rollout(request);
  const seconds = (performance.now() - started) / 1000;
  const tokens = completions.reduce((sum, completion) => sum + completion.completionIds.length, 0);
  return { seconds, tokens, tokensPerSecond: tokens / seconds };
}

const rows: Record<string, unknown>[] = [];
const format = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
for (const shape of values.shapes.split(',')) {
  const directory = await ensureRandomModel(values.dir, shape, console.log);
  const model = await loadCausalLM(directory);
  model.addAdapter({ rank: 16, alpha: 32, targetModules: [...projectionNames] });
  const vocab = model.config.vocabSize;
  const request: RolloutRequest = {
    prompts: [{ promptIds: Array.from({ length: promptLength }, (_, t) => (t * 17 + 1) % vocab) }],
    numGenerations: generations,
    maxCompletionLength: newTokens,
    temperature: 1,
    topP: 1,
    topK: 0,
  };
  const row: Record<string, unknown> = { shape };
  const inProcess = new InProcessRolloutEngine({ model, seed: 1, eosTokenId: [] });
  await timeRollout(inProcess, { ...request, maxCompletionLength: 2 }); // warm-up
  row.r1kit = await timeRollout(inProcess, request);
  for (const weightType of weightTypes) {
    const ggufDirectory = join(values.dir, `${shape}-gguf-${weightType}`);
    const engine = new LlamaCppRolloutEngine({
      model,
      directory: ggufDirectory,
      llama,
      weightType,
      seed: 1,
      eosTokenIds: [],
    });
    const setup = await timeRollout(engine, { ...request, maxCompletionLength: 2 });
    const timed = await timeRollout(engine, request);
    engine.onPolicyUpdate({ step: 1 });
    const update = await timeRollout(engine, { ...request, maxCompletionLength: 1 });
    row[`llamaCpp${weightType}`] = {
      ...timed,
      setupSeconds: setup.seconds,
      updateSeconds: update.seconds,
    };
    await engine.dispose();
    rmSync(ggufDirectory, { recursive: true, force: true });
  }
  row.pytorch = await peerDecode(directory);
  rows.push(row);
  model.dispose();
  console.log(`${shape}: done (tensors left: ${tf.memory().numTensors})`);
}

console.log(
  `\nbench/llama-cpp-rollout: ${generations} completions x ${newTokens} tokens, temperature 1; r1kit on ${selected.name} (${selected.threads ?? 1} thread(s)); PyTorch greedy\n`,
);
const header = [
  'shape',
  'r1kit in-process',
  ...weightTypes.map((type) => `llama.cpp ${type}`),
  'PyTorch',
];
console.log(
  `| ${header.join(' | ')} | ${weightTypes.map((type) => `llama.cpp ${type} / r1kit`).join(' | ')} | llama.cpp setup / update s |`,
);
console.log(`|${' --- |'.repeat(header.length + weightTypes.length + 1)}`);
for (const row of rows) {
  const r1kit = (row.r1kit as { tokensPerSecond: number }).tokensPerSecond;
  const native = weightTypes.map(
    (type) =>
      row[`llamaCpp${type}`] as {
        tokensPerSecond: number;
        setupSeconds: number;
        updateSeconds: number;
      },
  );
  console.log(
    `| ${row.shape} | ${format(r1kit)} | ${native.map((entry) => format(entry.tokensPerSecond)).join(' | ')} | ${format(row.pytorch as number)} | ${native.map((entry) => `${(entry.tokensPerSecond / r1kit).toFixed(2)}x`).join(' | ')} | ${native.map((entry) => `${entry.setupSeconds.toFixed(1)} / ${entry.updateSeconds.toFixed(1)}`).join(', ')} |`,
  );
}
console.log(
  JSON.stringify({
    bench: 'llama-cpp-rollout',
    generations,
    newTokens,
    backend: selected.name,
    threads: selected.threads ?? 1,
    rows,
  }),
);
