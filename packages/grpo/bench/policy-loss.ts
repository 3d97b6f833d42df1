// Benchmark: policyLoss forward + backward (gradient w.r.t. logp) for a 64 × 512 token batch on
// every available TensorFlow.js backend. Prints a table and one JSON line. Timing only; no asserts.
// Run: npm run bench -w @r1kit/grpo   (or: npx tsx --conditions=@r1kit/source bench/policy-loss.ts)
import * as tf from '@tensorflow/tfjs';
import { type PolicyLossOptions, policyLoss } from '../src/index.js';

const batch = 64;
const time = 512;
const iterations = Number(process.env.BENCH_ITERATIONS ?? 20);
const warmup = 3;

interface Row {
  backend: string;
  config: string;
  medianMs: number;
  minMs: number;
  tokensPerSecond: number;
}

const configs: Record<string, PolicyLossOptions> = {
  'token-mean, clip 0.2/0.28, beta 0.04 k3, metrics': {
    epsilonHigh: 0.28,
    beta: 0.04,
    klEstimator: 'k3',
  },
  'same, computeMetrics false': { epsilonHigh: 0.28, beta: 0.04, computeMetrics: false },
  'GSPO sequence ratio, seq-mean-token-mean': {
    importanceSamplingLevel: 'sequence',
    lossType: 'grpo',
    epsilon: 3e-4,
    epsilonHigh: 4e-4,
  },
};

async function tryBackend(name: string): Promise<string | undefined> {
  try {
    if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    if (name === 'tensorflow') {
      const nodeModule = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
      let loaded = false;
      for (const moduleName of nodeModule) {
        try {
          await import(moduleName);
          loaded = true;
          break;
        } catch {
          // try the next one
        }
      }
      if (!loaded) return '@tensorflow/tfjs-node(-gpu) is not installed';
    }
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return String(error);
  }
}

function benchOne(backend: string, config: string, options: PolicyLossOptions): Row {
  const logp = tf.randomUniform([batch, time], -3, -0.05, 'float32', 1);
  const oldLogp = tf.tidy(() =>
    tf.add(logp, tf.randomUniform([batch, time], -0.3, 0.3, 'float32', 2)),
  );
  const refLogp = tf.tidy(() =>
    tf.add(logp, tf.randomUniform([batch, time], -0.3, 0.3, 'float32', 3)),
  );
  const lengths = Array.from({ length: batch }, (_, b) => 64 + ((b * 97) % (time - 64)));
  const mask = tf.tensor2d(
    lengths.flatMap((length) => Array.from({ length: time }, (_, t) => (t < length ? 1 : 0))),
    [batch, time],
  );
  const advantages = Float32Array.from({ length: batch }, (_, b) => Math.sin(b));
  const step = () => {
    const { value, grad } = tf.valueAndGrad(
      (x: tf.Tensor) => policyLoss({ logp: x, oldLogp, refLogp, advantages, mask }, options).loss,
    )(logp);
    grad.dataSync();
    tf.dispose([value, grad]);
  };
  for (let i = 0; i < warmup; i += 1) step();
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  tf.dispose([logp, oldLogp, refLogp, mask]);
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)]!;
  const tokens = lengths.reduce((a, b) => a + b, 0);
  return {
    backend,
    config,
    medianMs,
    minMs: times[0]!,
    tokensPerSecond: (tokens / medianMs) * 1000,
  };
}

const rows: Row[] = [];
const skipped: Record<string, string> = {};
for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  const reason = await tryBackend(backend);
  if (reason !== undefined) {
    skipped[backend] = reason;
    console.log(`skipping backend ${backend}: ${reason}`);
    continue;
  }
  for (const [config, options] of Object.entries(configs)) {
    process.stdout.write(`running ${backend} / ${config} ...\n`);
    rows.push(benchOne(backend, config, options));
  }
}

console.log(
  `\npolicyLoss forward+backward, batch ${batch} x ${time} tokens, ${iterations} iterations (median)`,
);
console.log('| backend | config | median ms | min ms | valid tokens/s |');
console.log('|---|---|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.backend} | ${row.config} | ${row.medianMs.toFixed(2)} | ${row.minMs.toFixed(2)} | ${Math.round(row.tokensPerSecond)} |`,
  );
}
console.log(
  JSON.stringify({
    bench: 'grpo/policy-loss',
    batch,
    time,
    iterations,
    rows,
    skipped,
    node: process.version,
  }),
);
