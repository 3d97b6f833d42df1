export { loadAdapterWeights, saveAdapterWeights } from './adapters/adapter-weights.js';
export { AffectGptAdapter } from './adapters/affectgpt-adapter.js';
export type {
  AffectGptAdapterOptions,
  AffectGptApplyOptions,
  AffectGptFeatures,
} from './adapters/affectgpt-adapter-options.js';
export type { AffectGptBranch } from './adapters/affectgpt-branches.js';
export { AttentionFusion, type AttentionFusionOptions } from './adapters/attention-fusion.js';
export { FrameConvEncoder, type FrameConvEncoderOptions } from './adapters/frame-conv-encoder.js';
export type { FusionSizes } from './adapters/fusion-modalities.js';
export { gelu } from './adapters/gelu.js';
export { Linear, type LinearOptions } from './adapters/linear.js';
export {
  LogMelConvEncoder,
  type LogMelConvEncoderOptions,
} from './adapters/log-mel-conv-encoder.js';
export { MeanPooling } from './adapters/mean-pooling.js';
export {
  type ModalityDropoutOptions,
  sampleModalityDropout,
} from './adapters/modality-dropout.js';
export type { AdapterModule, TemporalPooling } from './adapters/module.js';
export { Projector, type ProjectorOptions } from './adapters/projector.js';
export { QFormerFusion, type QFormerFusionOptions } from './adapters/qformer-fusion.js';
export { QFormerPooling, type QFormerPoolingOptions } from './adapters/qformer-pooling.js';
export {
  ScoreWeightedPooling,
  type ScoreWeightedPoolingOptions,
} from './adapters/score-weighted-pooling.js';
export { type BuildSoftTokensOptions, buildSoftTokens } from './adapters/soft-tokens.js';
export { type ClipAudioOptions, clipAudio } from './audio/clip-audio.js';
export { type LogMelOptions, logMelSpectrogram } from './audio/log-mel-spectrogram.js';
export { type MelFilterBankOptions, melFilterBank } from './audio/mel-filter-bank.js';
export { type ResampleOptions, resample } from './audio/resample.js';
export { toMono } from './audio/to-mono.js';
export { type AudioData, parseWav, type WavEncoding } from './audio/wav.js';
export { type SerializeWavOptions, serializeWav } from './audio/wav-writer.js';
export {
  type EncodeSamplesOptions,
  encodeSamples,
  type FrozenEncoder,
} from './frozen/frozen-encoder.js';
export {
  loadTransformersAudioEncoder,
  loadTransformersImageEncoder,
  type TransformersEncoderOptions,
} from './frozen/transformers-encoders.js';
export {
  type FeatureBatch,
  type FeatureDataset,
  type FeatureDatasetOptions,
  openFeatureDataset,
} from './io/feature-dataset.js';
export { type DecodeFramesOptions, decodeFramesWithFfmpeg } from './video/decode-frames.js';
export {
  type DecodeAudioOptions,
  decodeAudioWithFfmpeg,
  isFfmpegAvailable,
} from './video/ffmpeg.js';
export {
  type PreprocessFrameOptions,
  preprocessFrame,
  type RgbFrame,
} from './video/preprocess-frame.js';
export {
  type SampleFrameIndicesOptions,
  sampleFrameIndices,
} from './video/sample-frame-indices.js';
