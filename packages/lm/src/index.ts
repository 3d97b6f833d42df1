export {
  type BackendName,
  type SelectBackendOptions,
  type SelectedBackend,
  selectBackend,
} from '@r1kit/core';
export {
  causalLMConfigToJson,
  headDimension,
  parseCausalLMConfig,
  validateCausalLMConfig,
} from './config/parse-config.js';
export type { LoraAdapter, LoraConfig, LoraOptions } from './lora/lora-adapter.js';
export { type CreateCausalLMOptions, createCausalLM } from './model/create-causal-lm.js';
export { LayerKVCache } from './model/layer-kv-cache.js';
export {
  type ParameterKind,
  type ParameterSpec,
  type ProjectionName,
  parameterSpecs,
} from './model/parameter-shapes.js';
export { TransformerCausalLM } from './model/transformer-causal-lm.js';
export type {
  CausalLM,
  CausalLMConfig,
  ForwardInputs,
  ForwardOutputs,
  HiddenOutputs,
  KVCache,
  SoftTokens,
} from './types.js';
