// Learning check on a toy task, per seed: GRPO on a tiny Qwen2-style model with LoRA, reward =
// fraction of completion tokens equal to a target token. Prints the mean reward of the first and
// last 5 steps and the time per step, as a table and one JSON line.
// Run: npx tsx --conditions=@r1kit/source bench/grpo-toy-task.ts
import { loadavg } from 'node:os';
import { type CausalLMConfig, createCausalLM } from '@r1kit/lm';
import { tinyQwen2 } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { GrpoTrainer } from '../src/index.js';

await tf.setBackend(process.env.R1KIT_BENCH_BACKEND ?? 'cpu');
await tf.ready();

const config: CausalLMConfig = {
  ...tinyQwen2,
  vocabSize: 32,
  hiddenSize: 32,
  intermediateSize: 64,
  tieWordEmbeddings: true,
  eosTokenId: 2,
};
const steps = 30;
const target = 7;
const rows: Array<{ seed: number; first: number; last: number; msPerStep: number }> = [];

for (const seed of [1, 2, 3]) {
  const model = createCausalLM({ config, seed, initializerRange: 0.2 });
  model.addAdapter({
    rank: 4,
    alpha: 8,
    targetModules: ['q_proj', 'v_proj', 'up_proj', 'down_proj'],
  });
  const trainer = new GrpoTrainer({
    model,
    prompts: Array.from({ length: 8 }, (_, index) => ({
      promptIds: [1, 3 + index, 3 + ((index * 5) % 20)],
    })),
    rewardFunctions: [
      {
        name: 'target',
        compute: ({ completionIds }) =>
          completionIds.map((ids) => ids.filter((id) => id === target).length / ids.length),
      },
    ],
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 8,
    learningRate: 0.02,
    loss: { beta: 0.02 },
    maxSteps: steps,
    seed,
    progress: false,
  });
  const start = performance.now();
  const history = await trainer.train();
  const msPerStep = (performance.now() - start) / steps;
  const mean = (values: typeof history) =>
    values.reduce((sum, metrics) => sum + (metrics.reward as number), 0) / values.length;
  rows.push({ seed, first: mean(history.slice(0, 5)), last: mean(history.slice(-5)), msPerStep });
  trainer.dispose();
  model.dispose();
}

console.log(`backend: ${tf.getBackend()}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log(
  `| seed | mean reward, steps 1-5 | mean reward, steps ${steps - 4}-${steps} | ms per step |`,
);
console.log('|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${row.seed} | ${row.first.toFixed(3)} | ${row.last.toFixed(3)} | ${row.msPerStep.toFixed(0)} |`,
  );
}
console.log(JSON.stringify({ bench: '@r1kit/trainer grpo-toy-task', steps, rows }));
