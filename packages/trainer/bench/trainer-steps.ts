// Times the trainer's pieces on this machine's CPU backend: an AdamW update, an SFT step and a
// GRPO step (rollout + reward + update) on a small Qwen2-style model with LoRA. Prints a table
// and one JSON line. Run: npm run bench -w @r1kit/trainer
import { loadavg } from 'node:os';
import { createCausalLM } from '@r1kit/lm';
import { benchQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { AdamW, GrpoTrainer, SftTrainer } from '../src/index.js';

await tf.setBackend(process.env.R1KIT_BENCH_BACKEND ?? 'cpu');
await tf.ready();

async function time(repeats: number, run: () => unknown): Promise<number> {
  await run();
  const start = performance.now();
  for (let index = 0; index < repeats; index += 1) await run();
  return (performance.now() - start) / repeats;
}

const rows: Array<{ case: string; ms: number; detail: string }> = [];

{
  const weights = [
    tf.variable(tf.randomNormal([1024, 1024])),
    tf.variable(tf.randomNormal([1024])),
  ];
  const gradients = weights.map((weight) => tf.randomNormal(weight.shape));
  const optimizer = new AdamW(weights, { learningRate: 1e-3 });
  const ms = await time(20, () => optimizer.applyGradients(gradients));
  rows.push({ case: 'AdamW.applyGradients', ms, detail: '1.05M parameters' });
  optimizer.dispose();
  tf.dispose([...weights, ...gradients]);
}

{
  const model = createCausalLM({ config: benchQwen2, seed: 1 });
  model.addAdapter({ rank: 8, alpha: 16 });
  const examples = Array.from({ length: 32 }, (_, index) => {
    const ids = Array.from({ length: 48 }, (_, t) => 3 + ((index * 7 + t * 13) % 500));
    return { inputIds: ids, completionMask: ids.map((_, t) => (t >= 24 ? 1 : 0)) };
  });
  const trainer = new SftTrainer({ model, examples, batchSize: 8, maxSteps: 100, progress: false });
  const ms = await time(5, () => trainer.trainStep());
  rows.push({
    case: 'SftTrainer.trainStep',
    ms,
    detail: 'batch 8 x 48 tokens, LoRA r8, 2 layers h64',
  });
  trainer.dispose();
  model.dispose();
}

{
  const model = createCausalLM({ config: benchQwen2, seed: 1 });
  model.addAdapter({ rank: 8, alpha: 16 });
  const prompts = Array.from({ length: 16 }, (_, index) => ({
    promptIds: Array.from({ length: 24 }, (_, t) => 3 + ((index * 5 + t * 11) % 500)),
  }));
  const trainer = new GrpoTrainer({
    model,
    prompts,
    rewardFunctions: [
      {
        name: 'even',
        compute: ({ completionIds }) =>
          completionIds.map((ids) => ids.filter((id) => id % 2 === 0).length / ids.length),
      },
    ],
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 32,
    loss: { beta: 0.04 },
    maxSteps: 100,
    progress: false,
  });
  const ms = await time(3, () => trainer.trainStep());
  rows.push({
    case: 'GrpoTrainer.trainStep',
    ms,
    detail: '2 prompts x 4 generations, 32 new tokens, beta 0.04',
  });
  trainer.dispose();
  model.dispose();
}

console.log(`backend: ${tf.getBackend()}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| case | ms per call | setup |');
console.log('|---|---|---|');
for (const row of rows) console.log(`| ${row.case} | ${row.ms.toFixed(1)} | ${row.detail} |`);
console.log(
  JSON.stringify({
    bench: '@r1kit/trainer',
    backend: tf.getBackend(),
    results: Object.fromEntries(rows.map((row) => [row.case, Number(row.ms.toFixed(2))])),
  }),
);
