import { totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { R1kitError } from '@r1kit/core';
import type { LengthPenaltyKind } from '@r1kit/emotion-wheel';
import {
  assertMemoryFits,
  type CausalLMConfig,
  estimateMemory,
  inspectPretrainedModel,
  memoryLimit,
  projectionNames,
} from '@r1kit/lm';
import { scratchModelConfig } from '../pipeline/build-policy.js';
import { cliFlags } from './cli-flags.js';
import { presets } from './presets.js';
import type { ModelShape, RunConfig } from './run-config.js';

/**
 * What the command line asks for: help, or a run with its merged config.
 *
 * @category CLI
 */
export type CliRequest =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly config: RunConfig };

function configError(message: string, cause?: unknown): R1kitError {
  return new R1kitError({ code: 'INVALID_CONFIG', message, cause });
}

function numberFlag(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  check: { integer?: boolean; min: number; max?: number },
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const ok =
    Number.isFinite(value) &&
    value >= check.min &&
    (check.max === undefined || value <= check.max) &&
    (!check.integer || Number.isInteger(value));
  if (!ok) {
    const range = `${check.integer ? 'an integer' : 'a number'} >= ${check.min}${check.max === undefined ? '' : ` and <= ${check.max}`}`;
    throw configError(
      `--${name} must be ${range}; received ${JSON.stringify(raw)}. Fix the value or leave the flag out to use the preset's.`,
    );
  }
  return value;
}

/** The model shape of a from-scratch run: the preset's, with the size flags over it. */
function flagShape(values: Record<string, unknown>, base: ModelShape): ModelShape {
  const shape = {
    ...base,
    hiddenSize: numberFlag(values, 'hidden-size', base.hiddenSize, { integer: true, min: 8 }),
    layers: numberFlag(values, 'layers', base.layers, { integer: true, min: 1 }),
    loraRank: numberFlag(values, 'lora-rank', base.loraRank, { integer: true, min: 0 }),
  };
  if (shape.hiddenSize % shape.heads !== 0) {
    throw configError(
      `--hidden-size must be a multiple of the preset's ${shape.heads} heads; received ${shape.hiddenSize}.`,
    );
  }
  return shape;
}

/**
 * The model of a pretrained `--model` run: its config.json, and the shape with its sizes and
 * LoRA by default.
 */
function pretrainedModel(
  values: Record<string, unknown>,
  directory: string,
): { shape: ModelShape; architecture: CausalLMConfig } {
  for (const flag of ['hidden-size', 'layers']) {
    if (values[flag] !== undefined) {
      throw configError(
        `--${flag} cannot be combined with --model: the pretrained model's config.json sets its size; drop --${flag}.`,
      );
    }
  }
  const { config } = inspectPretrainedModel({ directory });
  const shape = {
    hiddenSize: config.hiddenSize,
    layers: config.numHiddenLayers,
    heads: config.numAttentionHeads,
    vocabSize: config.vocabSize,
    intermediateSize: config.intermediateSize,
    keyValueHeads: config.numKeyValueHeads,
    loraRank: numberFlag(values, 'lora-rank', presets.paper.shape.loraRank, {
      integer: true,
      min: 0,
    }),
  };
  return { shape, architecture: config };
}

/**
 * Refuses a run whose largest training pass would not fit, before any data is built: `@r1kit/lm`'s
 * `estimateMemory` of one AdamW step over the larger of the rollout batch and the SFT batch
 * (prompt budget of 64 tokens plus the longest completion), plus the frozen reference copy of a
 * full fine-tune (the KL is logged on every run), against `--memory-limit-mb` (and, on wasm, the
 * wasm heap).
 */
function assertRunFits(config: RunConfig, architecture: CausalLMConfig, limitMb: number): void {
  const { loraRank } = config.shape;
  // Only wasm adds memory (XNNPACK's packed weights); the other backends estimate alike.
  const backend = config.backend === 'wasm' ? 'wasm' : 'cpu';
  const estimate = estimateMemory({
    config: architecture,
    batchSize: Math.max(config.promptsPerStep * config.numGenerations, config.sftBatchSize),
    sequenceLength: 64 + config.maxCompletionLength,
    completionLength: config.maxCompletionLength,
    lora: loraRank > 0 ? { rank: loraRank, targetModules: projectionNames } : undefined,
    backend,
  });
  const reference = loraRank > 0 ? 0 : estimate.weights;
  const flagLimit = {
    backend: config.backend,
    bytes: limitMb * 2 ** 20,
    source: `--memory-limit-mb ${limitMb}`,
  };
  const heap = memoryLimit('wasm');
  const { total: _total, ...parts } = estimate;
  assertMemoryFits({
    what: 'this configuration (one training step of the policy and its reference)',
    requiredBytes: estimate.total + reference,
    usedBytes: 0,
    parts: { ...parts, reference },
    advice:
      'use a smaller --preset, lower --hidden-size / --layers / --num-generations / --max-completion-length, use --lora-rank, or raise --memory-limit-mb if the machine really has the memory.',
    limit: backend === 'wasm' && heap.bytes < flagLimit.bytes ? heap : flagLimit,
  });
}

/**
 * Parses `npm start` arguments into a {@link CliRequest}: merges flags over the preset, checks
 * every value, and refuses a configuration whose estimated memory exceeds the limit.
 *
 * @param argv - Arguments after the script name (`process.argv.slice(2)`).
 * @returns Help, or the run config.
 * @throws R1kitError `INVALID_CONFIG` for an unknown flag, an unknown preset or a bad value;
 *   `OUT_OF_MEMORY` when `@r1kit/lm`'s `estimateMemory` of a training step exceeds
 *   `--memory-limit-mb` (default: half the host's memory) or the wasm heap; `NOT_FOUND` / `UNSUPPORTED` for a `--model` directory that lacks
 *   files or holds an architecture `@r1kit/lm` does not implement (see `inspectPretrainedModel`); the message says what to change.
 * @example
 * ```ts
 * const request = parseCli(['--preset', 'micro', '--seed', '3']);
 * if (request.kind === 'run') console.log(request.config.sftSteps);
 * ```
 * @category CLI
 */
export function parseCli(argv: readonly string[]): CliRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(cliFlags.map((flag) => [flag.name, { type: flag.type }]));
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw configError(
      `${(error as Error).message}. Run \`npm start -- --help\` for the list of flags.`,
      error,
    );
  }
  if (values.help) return { kind: 'help' };
  const presetName = (values.preset as string | undefined) ?? 'tiny';
  if (!Object.hasOwn(presets, presetName)) {
    throw configError(
      `--preset must be one of ${Object.keys(presets).join(', ')}; received ${JSON.stringify(presetName)}.`,
    );
  }
  const preset = presets[presetName as RunConfig['preset']];
  const lengthPenalty = (values['length-penalty'] as string | undefined) ?? preset.lengthPenalty;
  if (!['none', 'p1', 'p2', 'p3'].includes(lengthPenalty)) {
    throw configError(
      `--length-penalty must be none, p1, p2 or p3; received ${JSON.stringify(lengthPenalty)}.`,
    );
  }
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend)) {
    throw configError(
      `--backend must be auto, tensorflow, wasm or cpu; received ${JSON.stringify(backend)}.`,
    );
  }
  if (presetName === 'paper' && values.model === undefined) {
    throw configError(
      '--preset paper needs --model DIR, a pretrained Hugging Face model directory (config.json, model.safetensors, tokenizer.json).',
    );
  }
  const seed = numberFlag(values, 'seed', 1, { integer: true, min: 0, max: 2 ** 31 - 1 });
  const think = values['no-think'] === true ? false : preset.think;
  const model = values.model as string | undefined;
  const pretrained = model === undefined ? undefined : pretrainedModel(values, model);
  const shape = pretrained?.shape ?? flagShape(values, preset.shape);
  if (model === undefined && values['soft-token'] !== undefined) {
    throw configError(
      '--soft-token only applies to a pretrained --model (the built-in tokenizer has its own <|soft|> token); add --model DIR or drop --soft-token.',
    );
  }
  const config: RunConfig = {
    ...preset,
    seed,
    think,
    out:
      (values.out as string | undefined) ??
      `runs/${presetName}-seed${seed}${think ? '' : '-nothink'}`,
    ewResources: values['ew-resources'] as string | undefined,
    data: values.data as string | undefined,
    model,
    softToken: values['soft-token'] as string | undefined,
    resume: values.resume === true,
    backend: backend as RunConfig['backend'],
    lengthPenalty: lengthPenalty as LengthPenaltyKind,
    accuracyWeight: numberFlag(values, 'accuracy-weight', preset.accuracyWeight, { min: 0 }),
    formatWeight: numberFlag(values, 'format-weight', preset.formatWeight, { min: 0 }),
    dualWeight: numberFlag(values, 'dual-reward', preset.dualWeight, { min: 0 }),
    alignmentWeight: numberFlag(values, 'alignment-reward', preset.alignmentWeight, { min: 0 }),
    sftSteps: numberFlag(values, 'sft-steps', preset.sftSteps, { integer: true, min: 0 }),
    grpoSteps: numberFlag(values, 'grpo-steps', preset.grpoSteps, { integer: true, min: 0 }),
    numGenerations: numberFlag(values, 'num-generations', preset.numGenerations, {
      integer: true,
      min: 2,
    }),
    grpoLearningRate: numberFlag(values, 'learning-rate', preset.grpoLearningRate, { min: 0 }),
    beta: numberFlag(values, 'beta', preset.beta, { min: 0 }),
    temperature: numberFlag(values, 'temperature', preset.temperature, { min: 0.01 }),
    topP: numberFlag(values, 'top-p', preset.topP, { min: 0.01, max: 1 }),
    maxCompletionLength: numberFlag(values, 'max-completion-length', preset.maxCompletionLength, {
      integer: true,
      min: 1,
    }),
    evalSamples: numberFlag(values, 'eval-samples', preset.evalSamples, { integer: true, min: 0 }),
    datasetSize: numberFlag(values, 'dataset-size', preset.datasetSize, { integer: true, min: 20 }),
    shape,
  };
  if (
    config.accuracyWeight + config.formatWeight + config.dualWeight + config.alignmentWeight ===
    0
  ) {
    throw configError(
      'all reward weights are 0, so GRPO has nothing to optimise; set --accuracy-weight above 0.',
    );
  }
  const limitMb = numberFlag(values, 'memory-limit-mb', Math.floor(totalmem() / 2 / 2 ** 20), {
    min: 1,
  });
  assertRunFits(config, pretrained?.architecture ?? scratchModelConfig(shape), limitMb);
  return { kind: 'run', config };
}
