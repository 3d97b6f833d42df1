export { type CliFlag, cliFlags, helpText } from './cli/cli-flags.js';
export { estimateMemoryBytes } from './cli/estimate-memory.js';
export { type CliRequest, parseCli } from './cli/parse-cli.js';
export { type PresetConfig, presets } from './cli/presets.js';
export type { LengthPenaltyName, ModelShape, RunConfig } from './cli/run-config.js';
export { type EmotionConcept, emotionConcepts, neutralLines } from './data/emotion-concepts.js';
export { type DecodedArray, type LoadOvMerOptions, loadOvMer } from './data/load-ov-mer.js';
export type { CueModality, EmotionCue, MerSample, MerSplits } from './data/mer-sample.js';
export { type SplitSamplesOptions, splitSamples } from './data/split-samples.js';
export {
  generateSyntheticDataset,
  type SyntheticDatasetOptions,
} from './data/synthetic-dataset.js';
export type { EwScorer, EwScores, LabelPair } from './eval/ew-scorer.js';
export { createWheelScorer } from './eval/wheel-scorer.js';
export {
  addLora,
  assemblePolicy,
  type BuildPolicyOptions,
  buildPolicy,
  type Policy,
  type PolicyParts,
  type PolicyTextFormat,
} from './pipeline/build-policy.js';
export { type EvaluatePolicyOptions, evaluatePolicy } from './pipeline/evaluate-policy.js';
export {
  type LoadPretrainedPolicyOptions,
  loadPretrainedPolicy,
} from './pipeline/load-pretrained-policy.js';
export {
  inspectPretrainedModel,
  type PretrainedModelFiles,
} from './pipeline/pretrained-model-files.js';
export { resolveSoftToken, softTokenCandidates } from './pipeline/resolve-soft-token.js';
export { rewardFunctionsFor } from './pipeline/reward-functions.js';
export {
  type PipelineResult,
  type RunPipelineOptions,
  runPipeline,
} from './pipeline/run-pipeline.js';
export { promptIds, sftExamples } from './pipeline/sft-examples.js';
export {
  completionText,
  promptText,
  softTokenCount,
  specialTokens,
  tokenizerCorpus,
} from './pipeline/text-format.js';
export {
  type WriteTinyPretrainedModelOptions,
  writeTinyPretrainedModel,
} from './pipeline/write-tiny-pretrained-model.js';
export { type PlotSeries, type SvgLinePlotOptions, svgLinePlot } from './report/svg-line-plot.js';
export {
  type EvaluationRow,
  type ReportInput,
  reportPlots,
  writeReport,
} from './report/write-report.js';
