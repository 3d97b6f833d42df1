export { type AggregateLossOptions, aggregateLoss, type LossType } from './aggregate-loss.js';
export {
  type CombinedRewards,
  type CombineRewardsOptions,
  combineRewards,
} from './combine-rewards.js';
export { type EntropyFromLogitsOptions, entropyFromLogits } from './entropy-from-logits.js';
export {
  type FilteredGroups,
  type FilterZeroVarianceGroupsOptions,
  filterZeroVarianceGroups,
} from './filter-zero-variance-groups.js';
export { type GroupAdvantagesOptions, groupAdvantages } from './group-advantages.js';
export {
  fracRewardZeroStd,
  type GroupStatistics,
  type GroupStatisticsOptions,
  groupStatistics,
  type RewardFunctionStatistics,
  rewardFunctionStatistics,
} from './group-statistics.js';
export {
  type ImportanceSamplingCorrectionInputs,
  type ImportanceSamplingCorrectionMetrics,
  type ImportanceSamplingCorrectionOptions,
  type ImportanceSamplingCorrectionResult,
  type ImportanceSamplingMode,
  importanceSamplingCorrection,
} from './importance-sampling-correction.js';
export { type KlEstimator, type KlPenaltyOptions, klPenalty } from './kl-penalty.js';
export { type OverlongPenaltyOptions, overlongPenalty } from './overlong-penalty.js';
export { policyLoss } from './policy-loss.js';
export type {
  PolicyLossInputs,
  PolicyLossMetrics,
  PolicyLossOptions,
  PolicyLossResult,
} from './policy-loss-options.js';
export { type GrpoPreset, type GrpoPresetValues, grpoPresetValues } from './presets.js';
export { type TokenLogProbsOptions, tokenLogProbs } from './token-log-probs.js';
export { type TopEntropyMaskOptions, topEntropyMask } from './top-entropy-mask.js';
export { type WhitenAdvantagesOptions, whitenAdvantages } from './whiten-advantages.js';
