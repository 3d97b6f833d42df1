// Forward + backward time of one training step (mean completion log-probability through
// sequenceLogProbs, as in a GRPO policy loss) for a ~10M-parameter Qwen2-style model, per backend.
// Usage: npm run bench -- [--backends cpu,wasm] [--modes lora,full] [--batch 2] [--time 32] [--steps 3]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs';
import { type CausalLMConfig, createCausalLM } from '../src/index.js';
import { gradientStep } from './gradient-step.js';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'cpu,wasm' },
    modes: { type: 'string', default: 'lora,full' },
    batch: { type: 'string', default: '2' },
    time: { type: 'string', default: '32' },
    steps: { type: 'string', default: '3' },
  },
});
const batch = Number(values.batch);
const time = Number(values.time);
const steps = Number(values.steps);

const config: CausalLMConfig = {
  modelType: 'qwen2',
  vocabSize: 8192,
  hiddenSize: 256,
  intermediateSize: 688,
  numHiddenLayers: 8,
  numAttentionHeads: 8,
  numKeyValueHeads: 4,
  maxPositionEmbeddings: 1024,
  ropeTheta: 1e6,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: false,
  attentionBias: true,
};

/** Milliseconds of each of `steps` training steps after one warm-up step. */
function timeSteps(mode: 'full' | 'lora'): number[] {
  const model = createCausalLM({ config, seed: 0 });
  if (mode === 'lora')
    model.addAdapter({
      rank: 16,
      alpha: 32,
      targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
    });
  const ids = Array.from({ length: batch }, (_, b) =>
    Array.from({ length: time }, (_, t) => (b * 131 + t * 17) % config.vocabSize),
  );
  const inputIds = tf.tensor2d(ids, undefined, 'int32');
  const step = () => gradientStep(model, { inputIds, completionLength: time / 2 });
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const start = performance.now();
    step();
    if (i > 0) times.push(performance.now() - start);
    process.stdout.write(
      `  ${tf.getBackend()} ${mode}: step ${i}/${steps}${i === 0 ? ' (warm-up)' : ''} ${(performance.now() - start).toFixed(0)} ms\n`,
    );
  }
  inputIds.dispose();
  model.dispose();
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const probe = createCausalLM({ config, seed: 0 });
const parameters = probe.numParameters();
probe.dispose();
console.log(
  `model: ${(parameters / 1e6).toFixed(2)}M parameters; batch ${batch} x ${time} tokens; ${steps} timed steps; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
);
const rows: { backend: string; mode: string; medianMs: number; tokensPerSecond: number }[] = [];
for (const backend of values.backends.split(',') as ('cpu' | 'wasm' | 'tensorflow')[]) {
  await selectBackend({ backend });
  for (const mode of values.modes.split(',') as ('lora' | 'full')[]) {
    const ms = median(timeSteps(mode));
    rows.push({
      backend,
      mode,
      medianMs: Math.round(ms),
      tokensPerSecond: Math.round((batch * time) / (ms / 1000)),
    });
  }
}
console.log('\n| backend | trainable | median step (ms) | tokens/s |\n|---|---|---|---|');
for (const row of rows)
  console.log(`| ${row.backend} | ${row.mode} | ${row.medianMs} | ${row.tokensPerSecond} |`);
console.log(
  JSON.stringify({
    bench: 'lm-train-step',
    parameters,
    batch,
    time,
    steps,
    loadAverage: os.loadavg()[0],
    results: rows,
  }),
);
