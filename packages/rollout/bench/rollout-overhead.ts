// What serving the rollouts costs per GRPO step, against the in-process engine, measured side by
// side in one run on the tiny preset's shape (hidden 64, 2 layers, vocab 512; 4 prompts x 16
// generations of up to 48 tokens). The "server" is the test server (vLLM and SGLang schemas) in
// this process on 127.0.0.1, sampling the same tfjs policy, so generation costs the same on both
// sides and the difference is the overhead: HTTP + JSON serialisation of every rollout, and the
// weight sync after every optimiser step (PEFT adapter save + /v1/load_lora_adapter + unload, or
// full weights + /update_weights_from_disk). Prints a table and one JSON line.
// Run: npm run bench -w @r1kit/rollout [-- --steps 2 --repeats 3]   (R1KIT_BENCH_BACKEND=wasm for WASM)
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCausalLM, saveCausalLM, saveLoraAdapter } from '@r1kit/lm';
import { benchQwen2 } from '@r1kit/test-utils';
import {
  GrpoTrainer,
  type GrpoTrainerOptions,
  InProcessRolloutEngine,
  type RolloutRequest,
} from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs';
import {
  FullWeightSync,
  LoraAdapterSync,
  OpenAICompatibleRolloutEngine,
  SglangRolloutEngine,
  type WeightSync,
} from '../src/index.js';
import { startFakeServer } from '../test/fake-inference-server.js';

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '2' }, repeats: { type: 'string', default: '3' } },
});
const steps = Number(values.steps);
const repeats = Number(values.repeats);
await tf.setBackend(process.env.R1KIT_BENCH_BACKEND ?? 'cpu');
await tf.ready();

const name = 'tiny-preset';
const base = () => createCausalLM({ config: benchQwen2, seed: 7 });
const policy = () => {
  const model = base();
  model.addAdapter({ rank: 8, alpha: 16, targetModules: ['q_proj', 'v_proj'], seed: 3 });
  return model;
};
const prompts = Array.from({ length: 16 }, (_, index) => ({
  promptIds: [1, 10 + index, 20 + index, 30, 9],
}));
const options = (): Omit<GrpoTrainerOptions, 'model'> => ({
  prompts,
  rewardFunctions: [
    { name: 'first', compute: ({ completionIds }) => completionIds.map((ids) => ids[0]! / 512) },
  ],
  numGenerations: 16,
  perDeviceTrainBatchSize: 64,
  maxCompletionLength: 48,
  learningRate: 5e-4,
  maxSteps: steps + 1,
  seed: 5,
  progress: false,
});
const signed = (ms: number, digits = 0) => `${ms >= 0 ? '+' : ''}${ms.toFixed(digits)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const directory = await mkdtemp(join(tmpdir(), 'r1kit-rollout-bench-'));
const rows: Array<{ case: string; ms: number; detail: string }> = [];

/**
 * Median ms of a GRPO step of each trainer after one warm-up step each (which also publishes
 * version 0), the trainers taking turns so that both see the same machine load.
 */
async function stepTimes(trainers: GrpoTrainer[]): Promise<number[]> {
  for (const trainer of trainers) await trainer.trainStep();
  const times = trainers.map(() => [] as number[]);
  for (let step = 0; step < steps; step += 1) {
    for (const [index, trainer] of trainers.entries()) {
      const start = performance.now();
      await trainer.trainStep();
      times[index]!.push(performance.now() - start);
    }
  }
  return times.map(median);
}

/** Times every `sync` of a weight sync. */
function timed(sync: WeightSync, times: number[]): WeightSync {
  return {
    sync: async (version) => {
      const start = performance.now();
      const result = await sync.sync(version);
      times.push(performance.now() - start);
      return result;
    },
  };
}

/** Median ms of each of `runs` after a warm-up, taking turns. */
async function timeIt(...runs: Array<() => Promise<unknown>>): Promise<number[]> {
  for (const run of runs) await run();
  const times = runs.map(() => [] as number[]);
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    for (const [index, run] of runs.entries()) {
      const start = performance.now();
      await run();
      times[index]!.push(performance.now() - start);
    }
  }
  return times.map(median);
}

// 1. A whole GRPO step: in-process, then through vLLM's API with LoRA hot-swap.
{
  const model = policy();
  const trainer = new GrpoTrainer({ ...options(), model });

  const server = await startFakeServer({ model: base(), name, seed: 5 });
  const served = policy();
  const syncTimes: number[] = [];
  const engine = new OpenAICompatibleRolloutEngine({
    baseUrl: server.url,
    model: name,
    weightSync: timed(
      new LoraAdapterSync({
        model: served,
        baseUrl: server.url,
        server: 'vllm',
        directory: join(directory, 'lora'),
      }),
      syncTimes,
    ),
  });
  const remote = new GrpoTrainer({ ...options(), model: served, rollout: engine });
  const [inProcess, throughServer] = (await stepTimes([trainer, remote])) as [number, number];
  trainer.dispose();
  model.dispose();
  remote.dispose();
  rows.push({ case: 'GRPO step, in-process engine', ms: inProcess, detail: 'baseline' });
  rows.push({
    case: 'GRPO step, vLLM API + LoRA sync',
    ms: throughServer,
    detail: `${signed(throughServer - inProcess)} ms (${signed(((throughServer - inProcess) / inProcess) * 100, 1)}%) over in-process`,
  });
  rows.push({
    case: '  of which LoRA sync (save + load + unload)',
    ms: median(syncTimes),
    detail: `median of ${syncTimes.length}`,
  });

  // 2. The pieces: one rollout in-process vs over HTTP, JSON of its answer, adapter save alone.
  const request: RolloutRequest = {
    prompts: prompts.slice(0, 4),
    numGenerations: 16,
    maxCompletionLength: 48,
    temperature: 1,
    topP: 1,
    topK: 0,
  };
  const local = new InProcessRolloutEngine({ model: served, seed: 1 });
  const [inProcessRollout, httpRollout] = (await timeIt(
    () => local.rollout(request),
    () => engine.rollout(request),
  )) as [number, number];
  rows.push({ case: 'rollout (64 completions), in-process', ms: inProcessRollout, detail: '' });
  rows.push({
    case: 'rollout (64 completions), vLLM API',
    ms: httpRollout,
    detail: `${signed(httpRollout - inProcessRollout, 1)} ms HTTP + JSON (and sampling noise)`,
  });
  const answer = await fetch(`${server.url}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: engine.modelName,
      prompt: request.prompts.map((prompt) => prompt.promptIds),
      n: 16,
      max_tokens: 48,
      logprobs: 0,
      return_token_ids: true,
    }),
  }).then((response) => response.text());
  const [json] = (await timeIt(async () => JSON.stringify(JSON.parse(answer)))) as [number];
  rows.push({
    case: '  JSON parse + stringify of the answer',
    ms: json,
    detail: `${(answer.length / 1024).toFixed(0)} KiB`,
  });
  let version = 1000;
  const [save] = (await timeIt(() =>
    saveLoraAdapter(served, join(directory, 'save-only', `v${version++}`)),
  )) as [number];
  rows.push({ case: '  PEFT adapter save alone', ms: save, detail: 'rank 8, q_proj + v_proj' });
  served.dispose();
  await server.close();
}

// 3. Full fine-tuning on SGLang's API: the whole model crosses the disk every step.
{
  const server = await startFakeServer({ model: base(), name, seed: 5 });
  const model = base();
  const syncTimes: number[] = [];
  const engine = new SglangRolloutEngine({
    baseUrl: server.url,
    weightSync: timed(
      new FullWeightSync({ model, baseUrl: server.url, directory: join(directory, 'full') }),
      syncTimes,
    ),
  });
  const inProcessModel = base();
  const inProcessTrainer = new GrpoTrainer({ ...options(), model: inProcessModel });
  const trainer = new GrpoTrainer({ ...options(), model, rollout: engine });
  const [inProcess, throughServer] = (await stepTimes([inProcessTrainer, trainer])) as [
    number,
    number,
  ];
  inProcessTrainer.dispose();
  inProcessModel.dispose();
  trainer.dispose();
  rows.push({ case: 'GRPO step (full), in-process engine', ms: inProcess, detail: 'baseline' });
  rows.push({
    case: 'GRPO step (full), SGLang API + full sync',
    ms: throughServer,
    detail: `${signed(throughServer - inProcess)} ms (${signed(((throughServer - inProcess) / inProcess) * 100, 1)}%) over in-process`,
  });
  rows.push({
    case: '  of which full sync (save + /update_weights_from_disk)',
    ms: median(syncTimes),
    detail: `${model.numParameters()} parameters`,
  });
  let version = 1000;
  const [save] = (await timeIt(() =>
    saveCausalLM(model, join(directory, 'full-save', `v${version++}`)),
  )) as [number];
  rows.push({ case: '  full weights save alone', ms: save, detail: 'safetensors' });
  model.dispose();
  await server.close();
}

await rm(directory, { recursive: true, force: true });
const width = Math.max(...rows.map((row) => row.case.length));
console.log(
  `\nrollout overhead per step (backend ${tf.getBackend()}, load ${loadavg()[0]!.toFixed(2)})`,
);
console.log(`${'case'.padEnd(width)}  ${'ms'.padStart(9)}  detail`);
for (const row of rows)
  console.log(`${row.case.padEnd(width)}  ${row.ms.toFixed(1).padStart(9)}  ${row.detail}`);
console.log(
  JSON.stringify({
    bench: 'rollout-overhead',
    backend: tf.getBackend(),
    steps,
    repeats,
    rows: rows.map((row) => ({ ...row, ms: Number(row.ms.toFixed(2)) })),
  }),
);
