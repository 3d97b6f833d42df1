// Decode throughput of `generate` with and without the KV cache, per backend, for a ~10M-parameter
// Qwen2-style model from @r1kit/lm (batch 16, 128 new tokens) and for a smaller setting whose
// recomputation run fits in a few minutes on a CPU. Prints a table and one JSON line.
//
//   npm run bench                          # cpu and wasm
//   npm run bench -- --backends wasm       # one backend
//   npm run bench -- --uncached-budget 900 # allow longer recomputation runs (seconds)
//   npm run bench -- --settings small      # only the small setting
//
// Recomputation cost grows with the square of the number of new tokens; when probes predict a
// full run longer than the budget, the run is skipped and the table shows the estimate (marked
// "est."), from a fit of the step cost as fixed + per-token cost (see estimateUncached).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { type CausalLM, type CausalLMConfig, createCausalLM } from '@r1kit/lm';
import { generate } from '../src/index.js';

interface Setting {
  name: string;
  config: CausalLMConfig;
  batch: number;
  promptLength: number;
  newTokens: number;
}

const base = {
  modelType: 'qwen2',
  maxPositionEmbeddings: 512,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  attentionBias: true,
} as const;

/** About 10M parameters: 8 layers of width 256, GQA 8/4, SwiGLU 1024, tied 8192 vocabulary. */
const tenMillion: CausalLMConfig = {
  ...base,
  vocabSize: 8192,
  hiddenSize: 256,
  intermediateSize: 1024,
  numHiddenLayers: 8,
  numAttentionHeads: 8,
  numKeyValueHeads: 4,
};

const settings: Setting[] = [
  { name: 'full', config: tenMillion, batch: 16, promptLength: 16, newTokens: 128 },
  // The same model with one sequence, so that recomputation can be measured, not estimated.
  { name: 'full-batch1', config: tenMillion, batch: 1, promptLength: 16, newTokens: 128 },
  {
    // About 0.6M parameters: 2 layers of width 128, tied 2048 vocabulary.
    name: 'small',
    config: {
      ...base,
      vocabSize: 2048,
      hiddenSize: 128,
      intermediateSize: 256,
      numHiddenLayers: 2,
      numAttentionHeads: 4,
      numKeyValueHeads: 2,
    },
    batch: 4,
    promptLength: 8,
    newTokens: 128,
  },
];

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const backends = argument('backends', 'cpu,wasm').split(',');
const settingNames = argument('settings', settings.map((s) => s.name).join(',')).split(',');
const uncachedBudget = Number(argument('uncached-budget', '300'));

interface Row {
  backend: string;
  setting: string;
  parameters: number;
  batch: number;
  newTokens: number;
  cachedTokensPerSecond: number;
  uncachedTokensPerSecond: number;
  speedup: number;
  uncachedMeasured: boolean;
}

async function timeGenerate(
  model: CausalLM,
  setting: Setting,
  useCache: boolean,
  label: string,
): Promise<number> {
  const prompts = Array.from({ length: setting.batch }, (_, b) =>
    Array.from(
      { length: setting.promptLength },
      (_, t) => (b * 131 + t * 17 + 3) % setting.config.vocabSize,
    ),
  );
  const start = performance.now();
  await generate(model, prompts, {
    maxCompletionLength: setting.newTokens,
    seed: 0,
    eosTokenId: null,
    useCache,
    onProgress: ({ step, maxCompletionLength }) => {
      if (step % 32 === 0) {
        const seconds = ((performance.now() - start) / 1000).toFixed(1);
        process.stderr.write(`  ${label}: step ${step}/${maxCompletionLength} (${seconds} s)\n`);
      }
    },
  });
  return (performance.now() - start) / 1000;
}

/**
 * Estimated seconds of an uncached run. Step `t` is one forward pass over `p + t` tokens; its
 * cost is fitted as `a + b * length` from one uncached step at length `p` and, when that
 * alone predicts more than the budget, one at length `p + n - 1` (the last step of the run).
 */
async function estimateUncached(model: CausalLM, setting: Setting, label: string) {
  const { promptLength: p, newTokens: n } = setting;
  const sumOfLengths = n * p + (n * (n - 1)) / 2;
  const short = await timeGenerate(model, { ...setting, newTokens: 1 }, false, `${label} probe`);
  const proportional = (short / p) * sumOfLengths;
  if (proportional <= uncachedBudget) return proportional;
  const long = { ...setting, promptLength: p + n - 1, newTokens: 1 };
  const last = await timeGenerate(model, long, false, `${label} long probe`);
  const perToken = Math.max(0, (last - short) / (n - 1));
  const fixed = Math.max(0, short - perToken * p);
  return n * fixed + perToken * sumOfLengths;
}

async function measure(backend: string, setting: Setting): Promise<Row> {
  const model = createCausalLM({ config: setting.config, seed: 0 });
  const parameters = model.trainableVariables().reduce((n, v) => n + v.size, 0);
  const label = `${backend}/${setting.name}`;
  process.stderr.write(`${label}: ${(parameters / 1e6).toFixed(2)}M parameters\n`);
  await timeGenerate(model, { ...setting, batch: 1, newTokens: 2 }, true, 'warm-up');
  const cached = await timeGenerate(model, setting, true, `${label} cached`);
  const estimate = await estimateUncached(model, setting, label);
  process.stderr.write(`${label}: uncached estimate ${estimate.toFixed(0)} s\n`);
  const measured = estimate <= uncachedBudget;
  const uncached = measured
    ? await timeGenerate(model, setting, false, `${label} uncached`)
    : estimate;
  model.dispose();
  const tokens = setting.batch * setting.newTokens;
  return {
    backend,
    setting: setting.name,
    parameters,
    batch: setting.batch,
    newTokens: setting.newTokens,
    cachedTokensPerSecond: tokens / cached,
    uncachedTokensPerSecond: tokens / uncached,
    speedup: uncached / cached,
    uncachedMeasured: measured,
  };
}

const rows: Row[] = [];
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const setting of settings.filter((s) => settingNames.includes(s.name))) {
    rows.push(await measure(backend, setting));
  }
}
const header = [
  'backend',
  'setting',
  'params',
  'batch',
  'new tokens',
  'cached tok/s',
  'uncached tok/s',
  'cache speed-up',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) {
  const est = r.uncachedMeasured ? '' : ' (est.)';
  const cells = [
    r.backend,
    r.setting,
    `${(r.parameters / 1e6).toFixed(2)}M`,
    r.batch,
    r.newTokens,
    r.cachedTokensPerSecond.toFixed(1),
    `${r.uncachedTokensPerSecond.toFixed(2)}${est}`,
    `${r.speedup.toFixed(1)}x${est}`,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
console.log(JSON.stringify({ bench: 'sampling/decode', uncachedBudget, rows }));
