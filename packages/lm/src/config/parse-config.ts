import { invalidArgument } from '@r1kit/core';
import type { CausalLMConfig } from '../types.js';
import { type ModelType, supportedModelTypes } from './architecture.js';
import {
  optionalPositiveNumber,
  positiveInteger,
  positiveNumber,
  type RawConfig,
  unsupportedFeature,
} from './config-fields.js';
import { parseLayerTypes } from './parse-layer-types.js';
import { parseRopeScaling } from './parse-rope-scaling.js';

export { causalLMConfigToJson } from './config-to-json.js';

/** The MLP activation of a config: Gemma's `hidden_activation`, else `hidden_act`. */
function parseActivation(raw: RawConfig, modelType: ModelType): 'silu' | 'gelu_pytorch_tanh' {
  const gemma = modelType === 'gemma3_text';
  const activation =
    (gemma ? (raw.hidden_activation ?? raw.hidden_act) : raw.hidden_act) ??
    (gemma ? 'gelu_pytorch_tanh' : 'silu');
  if (activation === 'silu' || activation === 'gelu_pytorch_tanh') return activation;
  return unsupportedFeature(
    `config.${gemma ? 'hidden_activation' : 'hidden_act'} must be 'silu' or 'gelu_pytorch_tanh'; received ${JSON.stringify(activation)}`,
  );
}

/** Refuses the architecture switches this implementation does not cover, by name. */
function rejectUnsupported(raw: RawConfig): void {
  const flags: [string, unknown, unknown][] = [
    ['mlp_bias', raw.mlp_bias, true],
    ['use_bidirectional_attention', raw.use_bidirectional_attention, true],
  ];
  for (const [key, value, refused] of flags) {
    if (value === refused)
      unsupportedFeature(`config.${key}=${JSON.stringify(value)} is not supported`);
  }
  const partial = raw.partial_rotary_factor;
  if (partial !== undefined && partial !== null && partial !== 1) {
    unsupportedFeature(
      `config.partial_rotary_factor=${JSON.stringify(partial)} is not supported (only 1)`,
    );
  }
  if (raw.rope_local_base_freq !== undefined && raw.model_type !== 'gemma3_text') {
    unsupportedFeature('config.rope_local_base_freq is only supported for gemma3_text');
  }
}

/** The Hugging Face default of `tie_word_embeddings` and `attention_bias` per family. */
const familyDefaults: Record<ModelType, { tie: boolean; bias: boolean }> = {
  qwen2: { tie: false, bias: true },
  llama: { tie: false, bias: false },
  qwen3: { tie: false, bias: false },
  gemma3_text: { tie: true, bias: false },
};

/**
 * Parses a Hugging Face `config.json` object of a Qwen2/Qwen2.5, Qwen3, LLaMA/Llama 3.x or
 * Gemma 3 text model into a {@link CausalLMConfig}, applying the Hugging Face defaults of each
 * family and checking that the architecture is one this package implements.
 *
 * @param raw - The parsed JSON of `config.json` (snake_case keys).
 * @returns The camelCase configuration.
 * @throws R1kitError `INVALID_CONFIG` for missing or inconsistent fields, `UNSUPPORTED` for
 *   another `model_type` (including multimodal `gemma3`) or a feature outside these families
 *   (other activations, `rope_scaling` types beyond linear/dynamic/llama3/yarn,
 *   `partial_rotary_factor`, `mlp_bias`, bidirectional attention), each named in the message.
 *
 * @example
 * ```ts
 * import { parseCausalLMConfig } from '@r1kit/lm';
 * const config = parseCausalLMConfig({ model_type: 'qwen3', vocab_size: 64, hidden_size: 32,
 *   intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2,
 *   head_dim: 16 });
 * config.headDim; // 16, independent of hidden_size / num_attention_heads
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
  const json = raw as RawConfig;
  const modelType = json.model_type as ModelType;
  if (!supportedModelTypes.includes(modelType)) {
    const hint =
      modelType === ('gemma3' as ModelType)
        ? ' (multimodal Gemma 3: use the text-only checkpoint, model_type "gemma3_text")'
        : '';
    unsupportedFeature(
      `config.model_type must be one of ${supportedModelTypes.map((type) => `'${type}'`).join(', ')}; received ${JSON.stringify(modelType)}${hint}`,
    );
  }
  rejectUnsupported(json);
  const gemma = modelType === 'gemma3_text';
  const numAttentionHeads = positiveInteger(json, 'num_attention_heads');
  const numHiddenLayers = positiveInteger(json, 'num_hidden_layers');
  const defaults = familyDefaults[modelType];
  const config: CausalLMConfig = {
    modelType,
    vocabSize: positiveInteger(json, 'vocab_size'),
    hiddenSize: positiveInteger(json, 'hidden_size'),
    intermediateSize: positiveInteger(json, 'intermediate_size'),
    numHiddenLayers,
    numAttentionHeads,
    numKeyValueHeads: positiveInteger(json, 'num_key_value_heads', numAttentionHeads),
    maxPositionEmbeddings: positiveInteger(json, 'max_position_embeddings', gemma ? 131072 : 32768),
    ropeTheta: positiveNumber(json, 'rope_theta', gemma ? 1000000 : 10000),
    rmsNormEps: positiveNumber(json, 'rms_norm_eps', 1e-6),
    tieWordEmbeddings:
      typeof json.tie_word_embeddings === 'boolean' ? json.tie_word_embeddings : defaults.tie,
    attentionBias: typeof json.attention_bias === 'boolean' ? json.attention_bias : defaults.bias,
  };
  // Qwen3Config and Gemma3TextConfig default head_dim to 128 and 256; LLaMA derives it.
  const headDimDefault = modelType === 'qwen3' ? 128 : gemma ? 256 : undefined;
  if (json.head_dim !== undefined && json.head_dim !== null) {
    config.headDim = positiveInteger(json, 'head_dim');
  } else if (headDimDefault !== undefined) {
    config.headDim = headDimDefault;
  }
  const activation = parseActivation(json, modelType);
  if (activation !== 'silu') config.hiddenActivation = activation;
  const ropeScaling = parseRopeScaling(json);
  if (ropeScaling !== undefined) config.ropeScaling = ropeScaling;
  Object.assign(config, parseLayerTypes(json, modelType, numHiddenLayers));
  if (gemma) {
    config.ropeLocalTheta = positiveNumber(json, 'rope_local_base_freq', 10000);
    config.queryPreAttnScalar = positiveNumber(json, 'query_pre_attn_scalar', 256);
  }
  const attnCap = optionalPositiveNumber(json, 'attn_logit_softcapping');
  if (attnCap !== undefined) config.attnLogitSoftcapping = attnCap;
  const finalCap = optionalPositiveNumber(json, 'final_logit_softcapping');
  if (finalCap !== undefined) config.finalLogitSoftcapping = finalCap;
  if (typeof json.bos_token_id === 'number') config.bosTokenId = json.bos_token_id;
  const eos = json.eos_token_id;
  if (
    typeof eos === 'number' ||
    (Array.isArray(eos) && eos.every((id) => typeof id === 'number'))
  ) {
    config.eosTokenId = eos as number | number[];
  }
  validateCausalLMConfig(config, 'parseCausalLMConfig');
  return config;
}

/**
 * The width of one attention head: `headDim` when the config sets it (Qwen3, Gemma 3, Llama 3.x
 * `head_dim`), else `hiddenSize / numAttentionHeads`.
 *
 * @param config - The architecture.
 * @returns The head dimension.
 *
 * @example
 * ```ts
 * import { headDimension, parseCausalLMConfig } from '@r1kit/lm';
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 64, hidden_size: 32,
 *   intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2 });
 * headDimension(config); // 8 (32 / 4)
 * headDimension({ ...config, headDim: 16 }); // 16
 * ```
 *
 * @category Config
 */
export function headDimension(config: CausalLMConfig): number {
  return config.headDim ?? config.hiddenSize / config.numAttentionHeads;
}

/**
 * Checks the divisibility rules of the architecture: an even integer head dimension, key/value
 * heads dividing the query heads, one layer type per layer and a window when any layer slides.
 *
 * @param config - The architecture to check.
 * @param functionName - The public function to name in the error.
 * @throws R1kitError `INVALID_CONFIG` when a rule is broken.
 *
 * @example
 * ```ts
 * import { parseCausalLMConfig, validateCausalLMConfig } from '@r1kit/lm';
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 64, hidden_size: 32,
 *   intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2 });
 * validateCausalLMConfig(config, 'myLoader'); // passes
 * try {
 *   validateCausalLMConfig({ ...config, numKeyValueHeads: 3 }, 'myLoader');
 * } catch (error) {
 *   // INVALID_CONFIG: "myLoader: config.numKeyValueHeads must be a divisor of
 *   // numAttentionHeads (4); received 3"
 * }

 * ```
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
  if (!Number.isInteger(head) || head <= 0 || head % 2 !== 0) {
    if (config.headDim !== undefined)
      fail('config.headDim', config.headDim, 'an even positive integer');
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
  const types = config.layerTypes;
  if (types !== undefined) {
    if (types.length !== config.numHiddenLayers) {
      fail('config.layerTypes', types, `${config.numHiddenLayers} entries (one per layer)`);
    }
    const window = config.slidingWindow;
    if (types.includes('sliding_attention') && !(Number.isInteger(window) && window! > 0)) {
      fail('config.slidingWindow', window, 'a positive integer (some layers slide)');
    }
  }
  for (const key of ['bosTokenId', 'eosTokenId'] as const) {
    const value = config[key];
    const ids = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (ids.some((id) => !Number.isInteger(id) || id < 0 || id >= config.vocabSize)) {
      fail(`config.${key}`, value, `token ids in [0, vocabSize = ${config.vocabSize})`);
    }
  }
}
