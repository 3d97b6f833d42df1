export { generate } from './generate/generate.js';
export type {
  FinishReason,
  GeneratedSequence,
  GenerateOptions,
  GenerateResult,
  GenerationProgress,
  GenerationTokenizer,
} from './generate/generate-types.js';
export { type SampleCategoricalOptions, sampleCategorical } from './generate/sample-categorical.js';
export { type AllowedTokensOptions, allowedTokensProcessor } from './processors/allowed-tokens.js';
export { applyLogitsProcessors } from './processors/apply-logits-processors.js';
export {
  type FrameConstraintOptions,
  frameConstraintProcessor,
} from './processors/frame-constraint.js';
export {
  type FramePosition,
  type FrameSegment,
  framePosition,
} from './processors/frame-position.js';
export {
  type FrequencyPenaltyOptions,
  frequencyPenaltyProcessor,
} from './processors/frequency-penalty.js';
export { type LogitBiasOptions, logitBiasProcessor } from './processors/logit-bias.js';
export type { LogitsProcessor, LogitsProcessorContext } from './processors/logits-processor.js';
export { type MinPOptions, minPProcessor } from './processors/min-p.js';
export {
  type PresencePenaltyOptions,
  presencePenaltyProcessor,
} from './processors/presence-penalty.js';
export {
  type RepetitionPenaltyOptions,
  repetitionPenaltyProcessor,
} from './processors/repetition-penalty.js';
export { type TemperatureOptions, temperatureProcessor } from './processors/temperature.js';
export { type ThinkAnswerFrameOptions, thinkAnswerFrame } from './processors/think-answer-frame.js';
export { type TopKOptions, topKProcessor } from './processors/top-k.js';
export { type TopPOptions, topPProcessor } from './processors/top-p.js';
