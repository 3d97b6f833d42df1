import {
  invalidArgument,
  R1kitError,
  RandomGenerator,
  requireInteger,
  requireNumber,
} from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { logitBiasProcessor } from '../processors/logit-bias.js';
import type { LogitsProcessor } from '../processors/logits-processor.js';
import { minPProcessor } from '../processors/min-p.js';
import { temperatureProcessor } from '../processors/temperature.js';
import { topKProcessor } from '../processors/top-k.js';
import { topPProcessor } from '../processors/top-p.js';
import type { GenerateOptions } from './generate-types.js';

/** {@link GenerateOptions} after validation, with defaults filled in. */
export interface ResolvedGenerateOptions {
  /** Step limit. */
  maxCompletionLength: number;
  /** Completions per prompt. */
  numGenerations: number;
  /** Sampling temperature; 0 for greedy. */
  temperature: number;
  /** Extra processors followed by the built-in ones. */
  processors: LogitsProcessor[];
  /** End-of-sequence ids (possibly none). */
  eosTokenIds: number[];
  /** Padding id. */
  padTokenId: number;
  /** The generator drawn from. */
  rng: RandomGenerator;
  /** String stop sequences. */
  stopStrings: string[];
  /** Token-id stop sequences. */
  stopTokenSequences: number[][];
}

const fn = 'generate';

function fail(argument: string, received: unknown, expected: string): never {
  throw invalidArgument({ functionName: fn, argument, received, expected });
}

/** Validates the model, prompts and options of {@link generate} and fills in defaults. */
export function resolveGenerateOptions(
  model: CausalLM,
  prompts: ReadonlyArray<ReadonlyArray<number>>,
  options: GenerateOptions,
): ResolvedGenerateOptions {
  if (typeof model?.forward !== 'function' || typeof model.config?.vocabSize !== 'number') {
    fail('model', model, 'a CausalLM with forward() and config.vocabSize');
  }
  const { vocabSize, maxPositionEmbeddings } = model.config;
  const isTokenId = (id: unknown) => Number.isInteger(id) && (id as number) >= 0;
  const inVocabulary = (id: number) => isTokenId(id) && id < vocabSize;
  if (!Array.isArray(prompts) || prompts.length === 0) {
    fail('prompts', prompts, 'a non-empty array of token id arrays');
  }
  prompts.forEach((prompt, p) => {
    if (!Array.isArray(prompt) || prompt.length === 0 || !prompt.every(inVocabulary)) {
      fail(`prompts[${p}]`, prompt, `a non-empty array of integer token ids in [0, ${vocabSize})`);
    }
  });
  if (typeof options !== 'object' || options === null) fail('options', options, 'an object');
  const where = (argument: string, value: unknown) => ({ functionName: fn, argument, value });
  const maxCompletionLength = requireInteger({
    ...where('options.maxCompletionLength', options.maxCompletionLength),
    min: 1,
    expected: 'an integer >= 1',
  });
  const longestPrompt = Math.max(...prompts.map((prompt) => prompt.length));
  if (maxPositionEmbeddings && longestPrompt + maxCompletionLength > maxPositionEmbeddings) {
    fail(
      'options.maxCompletionLength',
      maxCompletionLength,
      `at most ${maxPositionEmbeddings - longestPrompt} (model.config.maxPositionEmbeddings ${maxPositionEmbeddings} minus the longest prompt, ${longestPrompt} tokens)`,
    );
  }
  const numGenerations = requireInteger({
    ...where('options.numGenerations', options.numGenerations ?? 1),
    min: 1,
    expected: 'an integer >= 1',
  });
  const temperature = requireNumber({
    ...where('options.temperature', options.temperature ?? 1),
    min: 0,
    expected: 'a finite number >= 0 (0 for greedy decoding)',
  });
  const topK = requireInteger({
    ...where('options.topK', options.topK ?? 0),
    min: 0,
    expected: 'an integer >= 0 (0: off)',
  });
  const processors = [...(options.logitsProcessors ?? [])];
  if (!processors.every((p) => typeof p?.process === 'function')) {
    fail('options.logitsProcessors', options.logitsProcessors, 'an array of LogitsProcessor');
  }
  validateSoftTokens(options, prompts.length);
  if (options.softTokens) {
    // A sampled placeholder would be read as a soft-token slot by later forward passes.
    processors.unshift(
      logitBiasProcessor({ bias: { [options.softTokens.placeholderTokenId]: -Infinity } }),
    );
  }
  if (temperature > 0 && temperature !== 1) processors.push(temperatureProcessor({ temperature }));
  if (topK > 0) processors.push(topKProcessor({ topK }));
  const { topP, minP } = options;
  if (topP !== undefined) processors.push(renamed(() => topPProcessor({ topP })));
  if (minP !== undefined) processors.push(renamed(() => minPProcessor({ minP })));

  const eosSource =
    options.eosTokenId === undefined ? model.config.eosTokenId : (options.eosTokenId ?? []);
  const eosTokenIds = eosSource === undefined ? [] : [eosSource].flat();
  if (!eosTokenIds.every(inVocabulary)) {
    fail('options.eosTokenId', options.eosTokenId, `token ids in [0, ${vocabSize}) or null`);
  }
  const padTokenId = options.padTokenId ?? eosTokenIds[0] ?? 0;
  if (!inVocabulary(padTokenId)) {
    fail('options.padTokenId', padTokenId, `a token id in [0, ${vocabSize})`);
  }
  if (options.seed !== undefined && options.rng !== undefined) {
    fail('options.rng', options.rng, 'absent when options.seed is given (pass one of them)');
  }
  if (options.seed !== undefined) {
    requireInteger({
      ...where('options.seed', options.seed),
      min: Number.MIN_SAFE_INTEGER,
      max: Number.MAX_SAFE_INTEGER,
      expected: 'a safe integer',
    });
  }
  if (options.rng !== undefined && !(options.rng instanceof RandomGenerator)) {
    fail('options.rng', options.rng, 'a RandomGenerator');
  }
  const rng =
    options.rng ?? RandomGenerator.fromSeed(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const [stopStrings, stopTokenSequences] = resolveStop(options, isTokenId);
  return {
    maxCompletionLength,
    numGenerations,
    temperature,
    processors,
    eosTokenIds,
    padTokenId,
    rng,
    stopStrings,
    stopTokenSequences,
  };
}

/** Builds a built-in processor, reporting its error under `generate`'s option name. */
function renamed(build: () => LogitsProcessor): LogitsProcessor {
  try {
    return build();
  } catch (error) {
    if (!R1kitError.isInstance(error)) throw error;
    const message = error.message.replace(/^\w+Processor: options\./, `${fn}: options.`);
    throw new R1kitError({ code: error.code, message, cause: error });
  }
}

function resolveStop(
  options: GenerateOptions,
  isTokenId: (id: unknown) => boolean,
): [string[], number[][]] {
  const stop = options.stop ?? [];
  if (!Array.isArray(stop)) fail('options.stop', stop, 'an array of strings or token id arrays');
  const strings: string[] = [];
  const sequences: number[][] = [];
  stop.forEach((entry, i) => {
    if (typeof entry === 'string' && entry.length > 0) strings.push(entry);
    else if (Array.isArray(entry) && entry.length > 0 && entry.every(isTokenId)) {
      sequences.push([...entry]);
    } else fail(`options.stop[${i}]`, entry, 'a non-empty string or non-empty token id array');
  });
  if (strings.length > 0 && typeof options.tokenizer?.decode !== 'function') {
    fail('options.tokenizer', options.tokenizer, 'a tokenizer with decode() when stop has strings');
  }
  return [strings, sequences];
}

function validateSoftTokens(options: GenerateOptions, numPrompts: number): void {
  const soft = options.softTokens;
  if (soft === undefined) return;
  const embeddings = soft?.embeddings;
  if (!(embeddings instanceof tf.Tensor) || embeddings.rank !== 3) {
    fail('options.softTokens.embeddings', embeddings, 'a rank-3 tensor [numPrompts, n, hidden]');
  }
  if (embeddings.shape[0] !== numPrompts) {
    throw new R1kitError({
      code: 'SHAPE_MISMATCH',
      message: `${fn}: options.softTokens.embeddings must have one row per prompt (${numPrompts}); received shape [${embeddings.shape.join(', ')}]`,
    });
  }
  if (!Number.isInteger(soft.placeholderTokenId) || soft.placeholderTokenId < 0) {
    fail('options.softTokens.placeholderTokenId', soft.placeholderTokenId, 'a token id');
  }
}
