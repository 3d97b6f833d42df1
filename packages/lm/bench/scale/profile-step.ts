// bench/scale, where a training step's time goes: one step of run-scale's train row (forward +
// backward of the mean completion log-probability, LoRA r16 on all seven projections or every
// weight) under tf.profile, with kernel time summed by kernel name and input shapes. Scopes
// (`unnamed scope`: custom gradients) include the kernels they run, so they are listed apart.
// Prints a table of the heaviest kernels with their GFLOP/s (products) and a JSON line.
//
// Usage: npm run bench:profile -w @r1kit/lm -- [--shape smollm2-135m] [--train 2x256]
//        [--mode lora|full] [--chunk-size 16] [--gradient-checkpointing] [--top 25]
//        [--keep-frozen-products auto|true|false]  (sequenceLogProbs' keepFrozenProducts; auto:
//        its default, on when the estimate with the kept products fits)
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  type BackendName,
  loadCausalLM,
  projectionNames,
  selectBackend,
  sequenceLogProbs,
} from '../../src/index.js';
import { modelGradients } from '../gradient-step.js';
import { ensureRandomModel } from './write-random-model.js';

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'smollm2-135m' },
    train: { type: 'string', default: '2x256' },
    mode: { type: 'string', default: 'lora' },
    'chunk-size': { type: 'string', default: '16' },
    'gradient-checkpointing': { type: 'boolean', default: false },
    top: { type: 'string', default: '25' },
    backend: { type: 'string', default: 'wasm' },
    'keep-frozen-products': { type: 'string', default: 'auto' },
  },
});
const [batch, time] = values.train.split('x').map(Number) as [number, number];
if (!(batch > 0 && time > 1)) throw new Error(`--train must be ROWSxTOKENS, got '${values.train}'`);
const keep = values['keep-frozen-products'];
if (!['auto', 'true', 'false'].includes(keep)) {
  throw new Error(`--keep-frozen-products must be auto, true or false, got '${keep}'`);
}

const selected = await selectBackend({ backend: values.backend as BackendName, log: false });
const root = join(os.tmpdir(), 'r1kit-bench-scale');
const directory = await ensureRandomModel(root, values.shape, console.log);
const model = await loadCausalLM(directory);
if (values.mode === 'lora') {
  model.addAdapter({ rank: 16, alpha: 32, targetModules: [...projectionNames] });
}
const vocab = model.config.vocabSize;
const inputIds = tf.tensor2d(
  Array.from({ length: batch * time }, (_, i) => (i * 7919 + 13) % vocab),
  [batch, time],
  'int32',
);
const options = {
  chunkSize: Number(values['chunk-size']),
  gradientCheckpointing: values['gradient-checkpointing'],
  training: true,
  ...(keep === 'auto' ? {} : { keepFrozenProducts: keep === 'true' }),
};
const step = () => {
  const { value, grads } = modelGradients(model, () =>
    tf.neg(tf.mean(sequenceLogProbs(model, { inputIds, completionLength: time / 2 }, options))),
  );
  value.dataSync();
  tf.dispose([value, ...grads]);
};
step(); // warm-up
const started = performance.now();
const info = await tf.profile(step);
const seconds = (performance.now() - started) / 1000;

/**
 * Multiply-adds x 2 of a product from its input shapes; the profile has no transpose flags, so
 * they are inferred from which axes agree (untransposed first, as most products are).
 */
function productFlops(shapes: number[][]): number {
  const [a, b] = shapes as [number[], number[]];
  if (a === undefined || b === undefined || a.length < 2 || b.length < 2) return 0;
  const [a0, a1] = [a[a.length - 2]!, a[a.length - 1]!];
  const [b0, b1] = [b[b.length - 2]!, b[b.length - 1]!];
  const batchSize = Math.max(
    a.slice(0, -2).reduce((p, d) => p * d, 1),
    b.slice(0, -2).reduce((p, d) => p * d, 1),
  );
  let [rows, inner, columns] = [a0, a1, b1];
  if (a1 !== b0) {
    if (a1 === b1) [rows, inner, columns] = [a0, a1, b0];
    else if (a0 === b0) [rows, inner, columns] = [a1, a0, b1];
    else [rows, inner, columns] = [a1, a0, b0];
  }
  return 2 * batchSize * rows * inner * columns;
}
const rows = new Map<string, { name: string; shapes: number[][]; ms: number; calls: number }>();
for (const kernel of info.kernels) {
  const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
  const row = rows.get(key) ?? { name: kernel.name, shapes: kernel.inputShapes, ms: 0, calls: 0 };
  row.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
  row.calls += 1;
  rows.set(key, row);
}
const kernels = [...rows.values()].filter((row) => row.name !== 'unnamed scope');
const total = kernels.reduce((sum, row) => sum + row.ms, 0);
const top = kernels.sort((x, y) => y.ms - x.ms).slice(0, Number(values.top));
console.log(
  `\nbench/profile: ${values.shape}, train ${values.mode} ${values.train}, chunk ${options.chunkSize}` +
    `${options.gradientCheckpointing ? ', checkpointed' : ''}` +
    `${keep === 'auto' ? '' : `, keepFrozenProducts ${keep}`}; backend ${selected.name}` +
    ` (${selected.threads ?? 1} thread(s)); step ${seconds.toFixed(1)} s` +
    ` (${((batch * time) / seconds).toFixed(1)} tokens/s, under the profiler); kernels ${(total / 1000).toFixed(1)} s\n`,
);
console.log('| kernel | input shapes | calls | ms | share of kernel time | GFLOP/s |');
console.log('|---|---|---|---|---|---|');
for (const row of top) {
  const flops = row.name === 'BatchMatMul' ? productFlops(row.shapes) * row.calls : 0;
  const rate = flops > 0 && row.ms > 0 ? (flops / row.ms / 1e6).toFixed(1) : '-';
  const share = `${((100 * row.ms) / total).toFixed(1)}%`;
  console.log(
    `| ${row.name} | ${JSON.stringify(row.shapes)} | ${row.calls} | ${row.ms.toFixed(0)} | ${share} | ${rate} |`,
  );
}
console.log(
  JSON.stringify({
    bench: 'lm-profile',
    shape: values.shape,
    train: values.train,
    mode: values.mode,
    options,
    backend: selected.name,
    threads: selected.threads ?? 1,
    seconds,
    kernelMs: total,
    top: top.map((row) => ({ name: row.name, shapes: row.shapes, calls: row.calls, ms: row.ms })),
  }),
);
tf.dispose(inputIds);
model.dispose();
