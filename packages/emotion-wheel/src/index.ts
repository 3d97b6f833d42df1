export { type AlignmentRewardOptions, alignmentReward } from './alignment-reward.js';
export { alignmentRewardFunction } from './alignment-reward-function.js';
export {
  type BuiltinWheel,
  builtinLexicon,
  builtinWheels,
  type LexiconClass,
  type LexiconEntry,
} from './builtin/builtin-lexicon.js';
export { builtinWheelSet } from './builtin/builtin-wheel-set.js';
export {
  type ChatExtractorOptions,
  cleanExtractionResponse,
  extractLabelsWithChat,
  openSetExtractionPrompt,
} from './chat-extractor.js';
export { type CliIo, runCli } from './cli/run-cli.js';
export { dualReward } from './dual-reward.js';
export { dualRewardFunction } from './dual-reward-function.js';
export { emotionWheelReward } from './emotion-wheel-reward.js';
export {
  type EmotionWheelRewardFunctionOptions,
  emotionWheelRewardFunction,
} from './emotion-wheel-reward-function.js';
export {
  createEmotionWheelSet,
  type EmotionWheelSet,
  type EmotionWheelSetInputs,
  type EmotionWheelSetOptions,
  type EmotionWheelVariant,
  labelKeyIndex,
} from './emotion-wheel-set.js';
export { extractAnswer, extractThink } from './extract-answer.js';
export { type ExtractEmotionWordsOptions, extractEmotionWords } from './extract-emotion-words.js';
export { parseCsv } from './files/read-csv.js';
export {
  type LabelFile,
  type LabelFileProblem,
  type LabelFileRow,
  readLabelFile,
} from './files/read-label-file.js';
export { type FormatRewardOptions, formatReward } from './format-reward.js';
export { formatRewardFunction } from './format-reward-function.js';
export {
  type HitRateOptions,
  type HitRateScore,
  hitRate,
  type WheelHitRate,
} from './hit-rate.js';
export type { LabelDataset } from './label-dataset.js';
export { isCleanLabelList, labelListFields } from './label-list-fields.js';
export {
  type LengthPenaltyKind,
  type LengthPenaltyOptions,
  lengthPenalty,
} from './length-penalty.js';
export { type LoadOfficialWheelsOptions, loadOfficialWheels } from './load-official-wheels.js';
export { type MapLabelOptions, type MappingMode, mapLabel } from './map-label.js';
export { type LabelField, normalizeLabels, parseLabelList } from './parse-label-list.js';
export type { GroundTruthPayload, RewardInputs } from './reward-inputs.js';
export type { EmotionWheelRewardOptions } from './reward-options.js';
export {
  type SampleEmotionWheelF1Options,
  sampleEmotionWheelF1,
} from './sample-emotion-wheel-f1.js';
export {
  type EmotionWheelScore,
  type ScoreEmotionWheelOptions,
  scoreEmotionWheel,
  type WheelScore,
} from './score-emotion-wheel.js';
export { type SentimentScores, sentimentScores } from './sentiment-scores.js';

export {
  type WheelClusterMaps,
  type WheelRow,
  type WheelTree,
  wheelClusterMaps,
} from './wheel-tree.js';
