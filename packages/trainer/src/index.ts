export {
  type ExportTransformerModelOptions,
  exportTransformerModel,
} from './checkpoint/export-transformer-model.js';
export {
  type LoadedTrainingCheckpoint,
  loadTrainingCheckpoint,
  restoreVariables,
  type SavedVariable,
  saveTrainingCheckpoint,
  type TrainingCheckpointContent,
} from './checkpoint/training-checkpoint.js';
export { DataOrder, type DataOrderOptions, type DataOrderState } from './data/data-order.js';
export type { GrpoTrainerLossOptions, GrpoTrainerOptions } from './grpo/grpo-config.js';
export {
  type CompletionLogProbsOptions,
  completionLogProbs,
  type GrpoLossInputs,
  type GrpoLossOptions,
  grpoLoss,
} from './grpo/grpo-loss.js';
export { GrpoTrainer } from './grpo/grpo-trainer.js';
export type {
  GrpoPrompt,
  NamedRewardFunction,
  PolicyUpdate,
  RewardFunction,
  RewardFunctionInputs,
  RolloutCompletion,
  RolloutEngine,
  RolloutRequest,
} from './grpo/grpo-types.js';
export {
  InProcessRolloutEngine,
  type InProcessRolloutEngineOptions,
  type InProcessRolloutOptions,
} from './grpo/in-process-rollout-engine.js';
export {
  type BuildPolicyBatchOptions,
  buildPolicyBatch,
  type PolicyBatch,
  type PolicyBatchRow,
} from './grpo/policy-batch.js';
export type { ResolvedGrpoConfig } from './grpo/resolve-grpo-config.js';
export { scoreCompletions } from './grpo/score-completions.js';
export {
  type ScoredCompletion,
  type ScoreRolloutOptions,
  type ScoreRolloutResult,
  scoreRollout,
} from './grpo/score-rollout.js';
export { softOverlongPunishment } from './grpo/soft-overlong-punishment.js';
export {
  cleanInterruptedWrites,
  writeDirectoryAtomically,
} from './io/write-directory-atomically.js';
export { appendMetrics, type StepMetrics } from './metrics/metrics-log.js';
export {
  ProgressReporter,
  type ProgressReporterOptions,
  type ProgressStream,
} from './metrics/progress-reporter.js';
export {
  type MetricsLine,
  parseMetricsLines,
  readMetrics,
} from './metrics/read-metrics.js';
export { truncateMetrics } from './metrics/truncate-metrics.js';
export {
  AdamW,
  type AdamWOptions,
  type AdamWSlot,
  type AdamWState,
  type ApplyGradientsOptions,
} from './optim/adamw.js';
export {
  type ClipByGlobalNormOptions,
  type ClipByGlobalNormResult,
  clipByGlobalNorm,
} from './optim/clip-by-global-norm.js';
export {
  type LearningRateScheduleOptions,
  type LearningRateSchedulerType,
  scheduledLearningRate,
} from './optim/learning-rate-schedule.js';
export {
  buildTrainingReport,
  type TrainingReport,
} from './report/build-training-report.js';
export {
  type LinePlotSeries,
  type RenderLinePlotSvgOptions,
  renderLinePlotSvg,
} from './report/render-line-plot-svg.js';
export { grpoReportPlots, type ReportPlot, type ReportPlotLine } from './report/report-plot.js';
export type {
  EvaluationColumn,
  EvaluationTable,
  TrainingReportOptions,
} from './report/training-report-options.js';
export {
  type WriteTrainingReportOptions,
  writeTrainingReport,
} from './report/write-training-report.js';
export { type CompletionLossOptions, completionLoss } from './sft/completion-loss.js';
export { type MaskedCrossEntropyOptions, maskedCrossEntropy } from './sft/masked-cross-entropy.js';
export type { SftExample } from './sft/sft-example.js';
export { SftTrainer, type SftTrainerOptions } from './sft/sft-trainer.js';
export { type ComputeGradientsResult, computeGradients } from './train/compute-gradients.js';
export type { OptimizerConfig, TrainingRunOptions } from './train/optimizer-config.js';
export type { TrainCallOptions } from './train/train-call-options.js';
