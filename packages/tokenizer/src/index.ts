export type {
  AddedTokenJson,
  BpeModelJson,
  ComponentJson,
  TokenizerJson,
} from './json/tokenizer-json.js';
export type { MaskedSequence, PromptCompletion } from './rl/batch-example.js';
export { type BuildBatchOptions, buildBatch, type TrainingBatch } from './rl/build-batch.js';
export { type BuildPromptsOptions, buildPrompts, type PromptBatch } from './rl/build-prompts.js';
export {
  type EndOfTurnToken,
  type EndOfTurnTokenOptions,
  endOfTurnToken,
} from './rl/end-of-turn-token.js';
export {
  type PlaceholderToken,
  type PlaceholderTokenOptions,
  placeholderToken,
  placeholderTokenCandidates,
} from './rl/placeholder-token.js';
export {
  type ChatMessage,
  defaultChatTemplate,
  type RenderChatTemplateOptions,
  renderChatTemplate,
} from './rl/render-chat-template.js';
export { StreamDecoder } from './rl/stream-decoder.js';
export { type DecodeOptions, type EncodeOptions, Tokenizer } from './tokenizer.js';
export type { TokenizerConfig } from './tokenizer-config.js';
export { type TrainBpeOptions, type TrainBpeProgress, trainBpe } from './train/train-bpe.js';
