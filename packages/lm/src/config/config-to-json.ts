import type { CausalLMConfig } from '../types.js';
import { architectureNames, type RopeScaling } from './architecture.js';

/** `rope_scaling` as Hugging Face writes it. */
function ropeScalingJson(scaling: RopeScaling, maxPositions: number): Record<string, unknown> {
  switch (scaling.ropeType) {
    case 'linear':
    case 'dynamic':
      return { rope_type: scaling.ropeType, factor: scaling.factor };
    case 'llama3':
      return {
        rope_type: 'llama3',
        factor: scaling.factor,
        low_freq_factor: scaling.lowFreqFactor,
        high_freq_factor: scaling.highFreqFactor,
        original_max_position_embeddings: scaling.originalMaxPositionEmbeddings,
      };
    case 'yarn':
      // With original_max_position_embeddings, transformers reads the factor as
      // max_position_embeddings / original_max_position_embeddings.
      return {
        rope_type: 'yarn',
        factor: scaling.factor,
        ...(scaling.originalMaxPositionEmbeddings === maxPositions
          ? {}
          : { original_max_position_embeddings: scaling.originalMaxPositionEmbeddings }),
        beta_fast: scaling.betaFast,
        beta_slow: scaling.betaSlow,
        attention_factor: scaling.attentionFactor,
        truncate: scaling.truncate,
      };
  }
}

/**
 * Writes a {@link CausalLMConfig} back as a Hugging Face `config.json` object.
 *
 * @param config - The architecture.
 * @returns The snake_case JSON object (`architectures`, `model_type`, sizes, the family's
 *   features, `torch_dtype`); it round-trips through {@link parseCausalLMConfig}.
 *
 * @example
 * ```ts
 * import { causalLMConfigToJson, parseCausalLMConfig } from '@r1kit/lm';
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 64, hidden_size: 32,
 *   intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2 });
 * const json = causalLMConfigToJson(config); // { architectures: ['Qwen2ForCausalLM'], ... }
 * parseCausalLMConfig(json); // deep-equals config

 * ```
 *
 * @category Config
 */
export function causalLMConfigToJson(config: CausalLMConfig): Record<string, unknown> {
  const gemma = config.modelType === 'gemma3_text';
  const json: Record<string, unknown> = {
    architectures: [architectureNames[config.modelType]],
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
    [gemma ? 'hidden_activation' : 'hidden_act']: config.hiddenActivation ?? 'silu',
    torch_dtype: 'float32',
  };
  if (config.headDim !== undefined) json.head_dim = config.headDim;
  json.rope_scaling = config.ropeScaling
    ? ropeScalingJson(config.ropeScaling, config.maxPositionEmbeddings)
    : null;
  if (config.layerTypes !== undefined) {
    json.layer_types = config.layerTypes;
    json.sliding_window = config.slidingWindow;
    if (!gemma) json.use_sliding_window = true;
  } else if (gemma) {
    // Gemma 3 slides by default: an all-global model says so explicitly.
    json.layer_types = Array.from({ length: config.numHiddenLayers }, () => 'full_attention');
  }
  if (config.ropeLocalTheta !== undefined) json.rope_local_base_freq = config.ropeLocalTheta;
  if (config.queryPreAttnScalar !== undefined) {
    json.query_pre_attn_scalar = config.queryPreAttnScalar;
  }
  json.attn_logit_softcapping = config.attnLogitSoftcapping ?? null;
  json.final_logit_softcapping = config.finalLogitSoftcapping ?? null;
  if (config.bosTokenId !== undefined) json.bos_token_id = config.bosTokenId;
  if (config.eosTokenId !== undefined) json.eos_token_id = config.eosTokenId;
  return json;
}
