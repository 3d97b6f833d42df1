export {
  type MerFeatureTensors,
  type MerFeatureTensorsOptions,
  merFeatureTensors,
} from './mer-feature-tensors.js';
export {
  type CueModality,
  type EmotionCue,
  type MerSample,
  type MerSplits,
  merGroundTruth,
} from './mer-sample.js';
export { type MerSoftTokensOptions, merSoftTokens } from './mer-soft-tokens.js';
export { type DecodedArray, type LoadOvMerOptions, loadOvMer } from './ov-mer/load-ov-mer.js';
export { type SplitSamplesOptions, splitSamples } from './split-samples.js';
export {
  type EmotionConcept,
  emotionConcepts,
  neutralLines,
} from './synthetic/emotion-concepts.js';
export {
  generateSyntheticDataset,
  type SyntheticDatasetOptions,
} from './synthetic/synthetic-dataset.js';
