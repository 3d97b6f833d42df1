export {
  type BackendName,
  parseSafetensors,
  type SafetensorsTensor,
  type SelectBackendOptions,
  type SelectedBackend,
  selectBackend,
  serializeSafetensors,
} from '@r1kit/core';
export {
  type LeanGradientsOptions,
  type LeanGradientsResult,
  leanGradients,
} from './autodiff/lean-gradients.js';
export {
  type ArchitectureFeatures,
  architectureNames,
  type LayerType,
  type ModelType,
  type RopeScaling,
  supportedModelTypes,
} from './config/architecture.js';
export {
  causalLMConfigToJson,
  headDimension,
  parseCausalLMConfig,
  validateCausalLMConfig,
} from './config/parse-config.js';
export { type LoadCausalLMOptions, type LoadProgress, loadCausalLM } from './io/load-causal-lm.js';
export { type SaveCausalLMOptions, saveCausalLM } from './io/save-causal-lm.js';
export {
  type ChunkedHeadLogProbsOptions,
  chunkedHeadLogProbs,
  chunkedHeadLogProbsAndEntropy,
  type LogProbsAndEntropy,
} from './log-probs/chunked-head-log-probs.js';
export {
  type SequenceLogProbsBatch,
  type SequenceLogProbsOptions,
  sequenceLogProbs,
  sequenceLogProbsAndEntropy,
} from './log-probs/sequence-log-probs.js';
export { loadLoraAdapter } from './lora/load-lora-adapter.js';
export type { LoraAdapter, LoraConfig, LoraOptions } from './lora/lora-adapter.js';
export { type SaveLoraAdapterOptions, saveLoraAdapter } from './lora/save-lora-adapter.js';
export {
  type DefaultWeightPackingOptions,
  defaultWeightPacking,
  type EstimateMemoryOptions,
  estimateMemory,
  type MemoryEstimate,
  type MemoryEstimateLora,
  type MemoryWork,
} from './memory/estimate-memory.js';
export {
  type AssertMemoryFitsOptions,
  assertMemoryFits,
  type MemoryLimit,
  memoryLimit,
  wasmHeapMaxBytes,
} from './memory/memory-limit.js';
export { type CreateCausalLMOptions, createCausalLM } from './model/create-causal-lm.js';
export { LayerKVCache } from './model/layer-kv-cache.js';
export {
  type ParameterKind,
  type ParameterSpec,
  type ProjectionName,
  parameterSpecs,
  projectionNames,
  storedTransposed,
  transposeMatrix,
} from './model/parameter-shapes.js';
export { TransformerCausalLM } from './model/transformer-causal-lm.js';
export type { WeightPacking } from './ops/weight-packing.js';
export {
  type InspectPretrainedModelOptions,
  inspectPretrainedModel,
  type PretrainedModelFiles,
} from './pretrained/inspect-pretrained-model.js';
export type {
  CausalLM,
  CausalLMConfig,
  ForwardInputs,
  ForwardOutputs,
  HiddenOutputs,
  KVCache,
  OutputHead,
} from './types.js';
