/**
 * Benchmark: scores the 532 real AffectGPT outputs in ../shared/reference/affectgpt-ew/sample-outputs
 * (epoch-60 predictions against epoch-30 outputs standing in for ground truth, since the OV-MERD+
 * labels are not public) and 100,000 synthetic samples, with the official files (both variants)
 * and the built-in wheels. Prints a table and one JSON line.
 *
 * Run: npm run bench (from packages/emotion-wheel).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpz, RandomGenerator } from '@r1kit/core';
import {
  builtinWheelSet,
  type EmotionWheelSet,
  loadOfficialWheels,
  scoreEmotionWheel,
} from '../src/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const reference = resolve(repoRoot, '../shared/reference/affectgpt-ew');
const syntheticCount = 100_000;

function synthetic(vocabulary: readonly string[], count: number, seed: number): string[] {
  const random = RandomGenerator.fromSeed(seed);
  const next = () => random.nextFloat();
  return Array.from({ length: count }, () => {
    const size = 1 + Math.floor(next() * 4);
    const words = Array.from(
      { length: size },
      () => vocabulary[Math.floor(next() * vocabulary.length)],
    );
    return `[${words.join(', ')}]`;
  });
}

/** Best of `repeats` runs: wall seconds and CPU (user + system) seconds of this process. */
function time(run: () => unknown, repeats = 5): { wall: number; cpu: number } {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let index = 0; index < repeats; index++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpuStart);
    wall = Math.min(wall, (performance.now() - start) / 1000);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
  }
  return { wall, cpu };
}

const rows: {
  set: string;
  variant: string;
  data: string;
  samples: number;
  wheels: number;
  seconds: number;
  cpuSeconds: number;
  samplesPerSecond: number;
  f: number;
}[] = [];

function measure(
  name: string,
  set: EmotionWheelSet,
  variant: 'affectgpt' | 'mer2026',
  data: string,
  truth: readonly string[],
  predicted: readonly string[],
) {
  let f = Number.NaN;
  const { wall, cpu } = time(() => {
    f = scoreEmotionWheel(truth, predicted, { wheels: set, variant }).f;
  });
  rows.push({
    set: name,
    variant,
    data,
    samples: truth.length,
    wheels: set.trees.length,
    seconds: wall,
    cpuSeconds: cpu,
    samplesPerSecond: truth.length / wall,
    f,
  });
}

const sets: [string, EmotionWheelSet][] = [['builtin', builtinWheelSet()]];
let realTruth: string[] = [];
let realPredicted: string[] = [];
if (existsSync(reference)) {
  sets.push(['official', await loadOfficialWheels(reference)]);
  sets.push(['official-mer2026', await loadOfficialWheels(reference, { variant: 'mer2026' })]);
  const outputs = resolve(reference, 'sample-outputs');
  const load = (file: string) => {
    const arrays = parseNpz(readFileSync(resolve(outputs, file)), { source: file });
    const names = arrays.get('filenames')!.data as string[];
    const items = arrays.get('fileitems')!.data as string[];
    return new Map(names.map((name, index) => [name, items[index]!]));
  };
  const truth = load('checkpoint_000030_loss_0.602-openset.npz');
  const predicted = load('checkpoint_000060_loss_0.480-openset.npz');
  realTruth = [...truth.keys()].map((name) => truth.get(name)!);
  realPredicted = [...truth.keys()].map((name) => predicted.get(name) ?? '');
} else {
  console.warn(`${reference} is absent: only the built-in wheels are benchmarked`);
}

for (const [name, set] of sets) {
  const vocabulary = [...set.keys.slice(0, 4000), 'neutral', 'calm', 'unknownword'];
  const truth = synthetic(vocabulary, syntheticCount, 1);
  const predicted = synthetic(vocabulary, syntheticCount, 2);
  const variant: 'affectgpt' | 'mer2026' = name === 'official-mer2026' ? 'mer2026' : 'affectgpt';
  for (const v of name === 'builtin' ? (['affectgpt', 'mer2026'] as const) : [variant]) {
    if (realTruth.length > 0) measure(name, set, v, 'real-532', realTruth, realPredicted);
    measure(name, set, v, 'synthetic-100k', truth, predicted);
  }
}

console.log(
  `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (wall time includes waiting for a busy CPU)`,
);
console.log(
  'set               variant    data            samples  wheels  wall s   cpu s    samples/s        F',
);
for (const row of rows) {
  console.log(
    `${row.set.padEnd(18)}${row.variant.padEnd(11)}${row.data.padEnd(16)}${String(row.samples).padStart(7)}${String(row.wheels).padStart(8)}${row.seconds.toFixed(4).padStart(8)}${row.cpuSeconds.toFixed(4).padStart(8)}${Math.round(row.samplesPerSecond).toString().padStart(13)}${row.f.toFixed(4).padStart(9)}`,
  );
}
console.log(
  JSON.stringify({
    bench: 'emotion-wheel-score',
    node: process.version,
    loadAverage: os.loadavg()[0],
    rows,
  }),
);
