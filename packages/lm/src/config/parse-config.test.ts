import { R1kitError } from '@r1kit/core';
import { tinyLlama, tinyQwen2 } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { causalLMConfigToJson, parseCausalLMConfig } from './parse-config.js';

/** A config.json of Qwen2.5-0.5B-Instruct (fields as published on the Hugging Face hub). */
const qwen25 = {
  architectures: ['Qwen2ForCausalLM'],
  bos_token_id: 151643,
  eos_token_id: 151645,
  hidden_act: 'silu',
  hidden_size: 896,
  intermediate_size: 4864,
  max_position_embeddings: 32768,
  max_window_layers: 21,
  model_type: 'qwen2',
  num_attention_heads: 14,
  num_hidden_layers: 24,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000.0,
  sliding_window: 32768,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
  use_cache: true,
  use_sliding_window: false,
  vocab_size: 151936,
};

/** The code and message of what `fn` throws. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : `other: ${error}`;
  }
  return 'no error';
}

describe('parseCausalLMConfig', () => {
  it('reads a published Qwen2.5 config', () => {
    expect(parseCausalLMConfig(qwen25)).toEqual({
      modelType: 'qwen2',
      vocabSize: 151936,
      hiddenSize: 896,
      intermediateSize: 4864,
      numHiddenLayers: 24,
      numAttentionHeads: 14,
      numKeyValueHeads: 2,
      maxPositionEmbeddings: 32768,
      ropeTheta: 1000000,
      rmsNormEps: 1e-6,
      tieWordEmbeddings: true,
      attentionBias: true,
      bosTokenId: 151643,
      eosTokenId: 151645,
    });
  });

  it('applies LLaMA defaults (no bias, kv heads = heads, theta 10000)', () => {
    const config = parseCausalLMConfig({
      model_type: 'llama',
      vocab_size: 100,
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      eos_token_id: [1, 2],
    });
    expect(config).toMatchObject({
      attentionBias: false,
      numKeyValueHeads: 4,
      ropeTheta: 10000,
      tieWordEmbeddings: false,
      eosTokenId: [1, 2],
    });
  });

  it('round-trips through causalLMConfigToJson', () => {
    for (const config of [tinyQwen2, tinyLlama]) {
      expect(parseCausalLMConfig(causalLMConfigToJson(config))).toEqual(config);
    }
  });

  it('rejects unsupported or inconsistent configs with codes and field names', () => {
    expect(failure(() => parseCausalLMConfig({ ...qwen25, model_type: 'gpt2' }))).toMatch(
      /^UNSUPPORTED: .*model_type.*"gpt2"/,
    );
    expect(
      failure(() => parseCausalLMConfig({ ...qwen25, rope_scaling: { type: 'longrope' } })),
    ).toMatch(/^UNSUPPORTED: .*rope_scaling.*"longrope"/);
    expect(
      failure(() => parseCausalLMConfig({ ...qwen25, rope_scaling: { type: 'yarn' } })),
    ).toMatch(/^INVALID_CONFIG: .*rope_scaling\.factor.*received undefined/);
    expect(failure(() => parseCausalLMConfig({ ...qwen25, hidden_act: 'gelu' }))).toMatch(
      /^UNSUPPORTED: .*hidden_act/,
    );
    expect(failure(() => parseCausalLMConfig({ ...qwen25, num_key_value_heads: 3 }))).toMatch(
      /^INVALID_CONFIG: .*numKeyValueHeads.*received 3/,
    );
    expect(failure(() => parseCausalLMConfig({ ...qwen25, hidden_size: 900 }))).toMatch(
      /^INVALID_CONFIG: .*numAttentionHeads/,
    );
    expect(failure(() => parseCausalLMConfig({ ...qwen25, vocab_size: '10' }))).toMatch(
      /^INVALID_CONFIG: .*config\.vocab_size.*'10'|"10"/,
    );
    expect(failure(() => parseCausalLMConfig([]))).toMatch(/^INVALID_CONFIG: /);
    expect(
      failure(() => parseCausalLMConfig({ ...qwen25, eos_token_id: qwen25.vocab_size })),
    ).toMatch(/^INVALID_CONFIG: .*config\.eosTokenId.*token ids in \[0, vocabSize/);
    expect(failure(() => parseCausalLMConfig({ ...qwen25, eos_token_id: [151645, -1] }))).toMatch(
      /^INVALID_CONFIG: .*config\.eosTokenId/,
    );
    expect(failure(() => parseCausalLMConfig({ ...qwen25, bos_token_id: 1e9 }))).toMatch(
      /^INVALID_CONFIG: .*config\.bosTokenId/,
    );
  });
});
