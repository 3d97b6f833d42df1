import { invalidArgument, R1kitError } from '@r1kit/core';
import type { CausalLMConfig } from '../types.js';

/** Reads a required positive integer field of a raw `config.json`. */
function positiveInteger(raw: Record<string, unknown>, key: string, fallback?: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalidArgument({
      functionName: 'parseCausalLMConfig',
      argument: `config.${key}`,
      received: value,
      expected: 'a positive integer',
      code: 'INVALID_CONFIG',
    });
  }
  return value;
}

/** Reads an optional positive number field of a raw `config.json`. */
function positiveNumber(raw: Record<string, unknown>, key: string, fallback: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument({
      functionName: 'parseCausalLMConfig',
      argument: `config.${key}`,
      received: value,
      expected: 'a positive finite number',
      code: 'INVALID_CONFIG',
    });
  }
  return value;
}

/** Rejects architecture features this implementation does not cover. */
function rejectUnsupported(raw: Record<string, unknown>, modelType: string): void {
  const activation = raw.hidden_act ?? 'silu';
  if (activation !== 'silu') {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `parseCausalLMConfig: config.hidden_act must be 'silu' (SwiGLU); received ${JSON.stringify(activation)}`,
    });
  }
  if (raw.rope_scaling !== undefined && raw.rope_scaling !== null) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `parseCausalLMConfig: config.rope_scaling is not supported (only plain rotary embeddings); received ${JSON.stringify(raw.rope_scaling)}`,
    });
  }
  if (modelType === 'qwen2' && raw.use_sliding_window === true) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: 'parseCausalLMConfig: config.use_sliding_window=true is not supported',
    });
  }
}

/**
 * Parses a Hugging Face `config.json` object of a Qwen2 or LLaMA model into a
 * {@link CausalLMConfig}, applying the Hugging Face defaults of each family and checking that the
 * architecture is one this package implements.
 *
 * @param raw - The parsed JSON of `config.json` (snake_case keys).
 * @returns The camelCase configuration.
 * @throws R1kitError `INVALID_CONFIG` for missing or inconsistent fields, `UNSUPPORTED` for
 *   architectures outside Qwen2/LLaMA (rope scaling, other activations, sliding windows).
 *
 * @example
 * ```ts
 * import { parseCausalLMConfig } from '@r1kit/lm';
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 64, hidden_size: 32,
 *   intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2 });
 * config.attentionBias; // true: Qwen2 has q/k/v biases
 * ```
 *
 * @category Config
 */
export function parseCausalLMConfig(raw: unknown): CausalLMConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidArgument({
      functionName: 'parseCausalLMConfig',
      argument: 'raw',
      received: raw,
      expected: 'the parsed JSON object of a config.json',
      code: 'INVALID_CONFIG',
    });
  }
  const json = raw as Record<string, unknown>;
  const modelType = json.model_type;
  if (modelType !== 'qwen2' && modelType !== 'llama') {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `parseCausalLMConfig: config.model_type must be 'qwen2' or 'llama'; received ${JSON.stringify(modelType)}`,
    });
  }
  rejectUnsupported(json, modelType);
  const numAttentionHeads = positiveInteger(json, 'num_attention_heads');
  const config: CausalLMConfig = {
    modelType,
    vocabSize: positiveInteger(json, 'vocab_size'),
    hiddenSize: positiveInteger(json, 'hidden_size'),
    intermediateSize: positiveInteger(json, 'intermediate_size'),
    numHiddenLayers: positiveInteger(json, 'num_hidden_layers'),
    numAttentionHeads,
    numKeyValueHeads: positiveInteger(json, 'num_key_value_heads', numAttentionHeads),
    maxPositionEmbeddings: positiveInteger(json, 'max_position_embeddings', 32768),
    ropeTheta: positiveNumber(json, 'rope_theta', 10000),
    rmsNormEps: positiveNumber(json, 'rms_norm_eps', 1e-6),
    tieWordEmbeddings: json.tie_word_embeddings === true,
    attentionBias:
      modelType === 'qwen2' ? json.attention_bias !== false : json.attention_bias === true,
  };
  if (typeof json.bos_token_id === 'number') config.bosTokenId = json.bos_token_id;
  const eos = json.eos_token_id;
  if (
    typeof eos === 'number' ||
    (Array.isArray(eos) && eos.every((id) => typeof id === 'number'))
  ) {
    config.eosTokenId = eos as number | number[];
  }
  if (typeof json.head_dim === 'number' && json.head_dim !== headDimension(config)) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `parseCausalLMConfig: config.head_dim must equal hidden_size / num_attention_heads (${headDimension(config)}); received ${json.head_dim}`,
    });
  }
  validateCausalLMConfig(config, 'parseCausalLMConfig');
  return config;
}

/**
 * The width of one attention head (`hiddenSize / numAttentionHeads`).
 *
 * @param config - The architecture.
 * @returns The head dimension.
 *
 * @category Config
 */
export function headDimension(config: CausalLMConfig): number {
  return config.hiddenSize / config.numAttentionHeads;
}

/**
 * Checks the divisibility rules of the architecture: heads divide the hidden size into an even
 * head dimension, and key/value heads divide the query heads.
 *
 * @param config - The architecture to check.
 * @param functionName - The public function to name in the error.
 * @throws R1kitError `INVALID_CONFIG` when a rule is broken.
 *
 * @category Config
 */
export function validateCausalLMConfig(config: CausalLMConfig, functionName: string): void {
  const fail = (argument: string, received: unknown, expected: string): never => {
    throw invalidArgument({ functionName, argument, received, expected, code: 'INVALID_CONFIG' });
  };
  for (const key of [
    'vocabSize',
    'hiddenSize',
    'intermediateSize',
    'numHiddenLayers',
    'numAttentionHeads',
    'numKeyValueHeads',
    'maxPositionEmbeddings',
  ] as const) {
    const value = config[key];
    if (!Number.isInteger(value) || value <= 0) fail(`config.${key}`, value, 'a positive integer');
  }
  const head = headDimension(config);
  if (!Number.isInteger(head) || head % 2 !== 0) {
    fail(
      'config.numAttentionHeads',
      config.numAttentionHeads,
      `a divisor of hiddenSize (${config.hiddenSize}) leaving an even head dimension`,
    );
  }
  if (config.numAttentionHeads % config.numKeyValueHeads !== 0) {
    fail(
      'config.numKeyValueHeads',
      config.numKeyValueHeads,
      `a divisor of numAttentionHeads (${config.numAttentionHeads})`,
    );
  }
  if (!(config.ropeTheta > 0) || !(config.rmsNormEps > 0)) {
    fail(
      'config.ropeTheta and config.rmsNormEps',
      [config.ropeTheta, config.rmsNormEps],
      'positive numbers',
    );
  }
}

/**
 * Writes a {@link CausalLMConfig} back as a Hugging Face `config.json` object.
 *
 * @param config - The architecture.
 * @returns The snake_case JSON object (`architectures`, `model_type`, sizes, `torch_dtype`).
 *
 * @example
 * ```ts
 * import { causalLMConfigToJson, parseCausalLMConfig } from '@r1kit/lm';
 * const json = causalLMConfigToJson(config); // round-trips through parseCausalLMConfig
 * ```
 *
 * @category Config
 */
export function causalLMConfigToJson(config: CausalLMConfig): Record<string, unknown> {
  const json: Record<string, unknown> = {
    architectures: [config.modelType === 'qwen2' ? 'Qwen2ForCausalLM' : 'LlamaForCausalLM'],
    model_type: config.modelType,
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numHiddenLayers,
    num_attention_heads: config.numAttentionHeads,
    num_key_value_heads: config.numKeyValueHeads,
    max_position_embeddings: config.maxPositionEmbeddings,
    rope_theta: config.ropeTheta,
    rms_norm_eps: config.rmsNormEps,
    tie_word_embeddings: config.tieWordEmbeddings,
    attention_bias: config.attentionBias,
    hidden_act: 'silu',
    torch_dtype: 'float32',
  };
  if (config.bosTokenId !== undefined) json.bos_token_id = config.bosTokenId;
  if (config.eosTokenId !== undefined) json.eos_token_id = config.eosTokenId;
  return json;
}
