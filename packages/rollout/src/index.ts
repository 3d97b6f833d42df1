export { type RequestJsonOptions, requestJson } from './http/request-json.js';
export type { RetryOptions } from './http/retry-options.js';
export {
  type GgufTensor,
  type GgufValue,
  type WriteGgufOptions,
  writeGguf,
} from './llama-cpp/gguf-writer.js';
export {
  type LlamaCppEngineState,
  LlamaCppRolloutEngine,
  type LlamaCppRolloutEngineOptions,
} from './llama-cpp/llama-cpp-rollout-engine.js';
export type {
  NodeLlama,
  NodeLlamaContext,
  NodeLlamaCppModule,
  NodeLlamaModel,
  NodeLlamaSampledToken,
  NodeLlamaSamplingOptions,
  NodeLlamaSequence,
} from './llama-cpp/node-llama-cpp-types.js';
export {
  type WriteCausalLMGgufOptions,
  type WriteLoraAdapterGgufOptions,
  writeCausalLMGguf,
  writeLoraAdapterGguf,
} from './llama-cpp/write-causal-lm-gguf.js';
export {
  type EngineState,
  OpenAICompatibleRolloutEngine,
  type OpenAICompatibleRolloutEngineOptions,
} from './openai-compatible-rollout-engine.js';
export { parseSglangResponse } from './sglang/parse-sglang-response.js';
export type { SglangFinishReason, SglangGenerateResponse } from './sglang/sglang-generate-types.js';
export {
  SglangRolloutEngine,
  type SglangRolloutEngineOptions,
} from './sglang/sglang-rollout-engine.js';
export { tokenEmbeddingLookup } from './sglang/token-embedding-lookup.js';
export { FullWeightSync, type FullWeightSyncOptions } from './sync/full-weight-sync.js';
export { LoraAdapterSync, type LoraAdapterSyncOptions } from './sync/lora-adapter-sync.js';
export type { ServerKind } from './sync/server-kind.js';
export type { WeightSync } from './sync/weight-sync.js';
export { parseVllmChoice } from './vllm/parse-vllm-choice.js';
export type {
  VllmCompletionChoice,
  VllmCompletionLogProbs,
  VllmCompletionResponse,
  VllmModelCard,
} from './vllm/vllm-completion-types.js';
