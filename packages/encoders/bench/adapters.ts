// Throughput of the AffectGPT adapters at batch 32: feature vectors (clips + frames) consumed per
// second, for inference (apply) and for a training step (forward + backward + Adam update).
// Run: npm run bench -w @r1kit/encoders   (R1KIT_BENCH_BACKEND=wasm|cpu, default wasm;
// R1KIT_BENCH_REPEATS, default 3). The pure-JS cpu backend is 10-60x slower than wasm here.
import * as tf from '@tensorflow/tfjs';
import { AffectGptAdapter, type AffectGptAdapterOptions } from '../src/index.js';

const backend = process.env.R1KIT_BENCH_BACKEND ?? 'wasm';
if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend(backend);
await tf.ready();

const batch = 32;
const steps = 8;
const repeats = Number(process.env.R1KIT_BENCH_REPEATS ?? 3);
const configs: Array<{ name: string; options: AffectGptAdapterOptions }> = [
  {
    name: 'attention/linear 1024+768->896',
    options: { audioSize: 1024, videoSize: 768, hiddenSize: 896 },
  },
  {
    name: 'attention/mlp 1024+768->896',
    options: { audioSize: 1024, videoSize: 768, hiddenSize: 896, projector: 'mlp' },
  },
  {
    name: 'qformer(1 layer) 1024+768->896',
    options: {
      audioSize: 1024,
      videoSize: 768,
      hiddenSize: 896,
      pooling: 'qformer',
      fusion: 'qformer',
      qformerLayers: 1,
    },
  },
];

function time(run: () => void, repeats: number): number {
  run(); // warm-up
  const start = performance.now();
  for (let repeat = 0; repeat < repeats; repeat++) run();
  return (performance.now() - start) / repeats / 1000;
}

const rows: Array<Record<string, string | number>> = [];
for (const { name, options } of configs) {
  process.stderr.write(`benchmarking ${name} ...\n`);
  const adapter = new AffectGptAdapter(options);
  const audio = tf.randomNormal(
    [batch, steps, options.audioSize],
    0,
    1,
    'float32',
    1,
  ) as tf.Tensor3D;
  const video = tf.randomNormal(
    [batch, steps, options.videoSize],
    0,
    1,
    'float32',
    2,
  ) as tf.Tensor3D;
  const optimizer = tf.train.adam(1e-4);
  const forward = time(() => tf.tidy(() => adapter.apply({ audio, video }).dataSync()), repeats);
  const train = time(() => {
    const loss = optimizer.minimize(
      () => tf.mean(tf.square(adapter.apply({ audio, video }, { training: true }))) as tf.Scalar,
      true,
      adapter.trainableVariables(),
    );
    loss?.dataSync();
    loss?.dispose();
  }, repeats);
  const features = batch * 2 * steps;
  const parameters = adapter.trainableVariables().reduce((sum, variable) => sum + variable.size, 0);
  rows.push({
    config: name,
    parameters,
    forwardMs: +(forward * 1000).toFixed(1),
    forwardFeaturesPerS: Math.round(features / forward),
    trainStepMs: +(train * 1000).toFixed(1),
    trainFeaturesPerS: Math.round(features / train),
  });
  process.stderr.write(`  ${JSON.stringify(rows.at(-1))}\n`);
  tf.dispose([audio, video]);
  optimizer.dispose();
  adapter.dispose();
}

console.log(
  `backend ${tf.getBackend()}, batch ${batch}, ${steps} audio clips + ${steps} frames per sample`,
);
console.table(rows);
console.log(
  JSON.stringify({
    bench: '@r1kit/encoders/adapters',
    backend: tf.getBackend(),
    batch,
    steps,
    results: rows,
  }),
);
