import { totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { R1kitError } from '@r1kit/core';
import type { LengthPenaltyKind } from '@r1kit/emotion-wheel';
import { inspectPretrainedModel } from '../pipeline/pretrained-model-files.js';
import { cliFlags } from './cli-flags.js';
import { estimateMemoryBytes } from './estimate-memory.js';
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

/** The model shape of a pretrained `--model` run: the sizes of its config.json, LoRA by default. */
function modelShape(values: Record<string, unknown>, directory: string): ModelShape {
  for (const flag of ['hidden-size', 'layers']) {
    if (values[flag] !== undefined) {
      throw configError(
        `--${flag} cannot be combined with --model: the pretrained model's config.json sets its size; drop --${flag}.`,
      );
    }
  }
  const { config } = inspectPretrainedModel(directory);
  return {
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
}

/**
 * Parses `npm start` arguments into a {@link CliRequest}: merges flags over the preset, checks
 * every value, and refuses a configuration whose estimated memory exceeds the limit.
 *
 * @param argv - Arguments after the script name (`process.argv.slice(2)`).
 * @returns Help, or the run config.
 * @throws R1kitError `INVALID_CONFIG` for an unknown flag, an unknown preset, a bad value, or an
 *   out-of-memory-sized config; `NOT_FOUND` / `UNSUPPORTED` for a `--model` directory that lacks
 *   files or holds an architecture `@r1kit/lm` does not implement; the message says what to change.
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
  const shape = model === undefined ? flagShape(values, preset.shape) : modelShape(values, model);
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
  const estimate = estimateMemoryBytes(config);
  if (estimate > limitMb * 2 ** 20) {
    throw new R1kitError({
      code: 'OUT_OF_MEMORY',
      message: `this configuration needs about ${Math.ceil(estimate / 2 ** 20)} MB but the limit is ${limitMb} MB; use a smaller --preset, lower --hidden-size / --layers / --num-generations, use --lora-rank, or raise --memory-limit-mb if the machine really has the memory.`,
    });
  }
  return { kind: 'run', config };
}
