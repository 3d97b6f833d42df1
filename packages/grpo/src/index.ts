export {
  type AggregateLossOptions,
  aggregateLoss,
  type LossAggregation,
} from './aggregate-loss.js';
export {
  type CombinedRewards,
  type CombineRewardsOptions,
  combineRewards,
} from './combine-rewards.js';
export { type EntropyFromLogitsOptions, entropyFromLogits } from './entropy-from-logits.js';
export { type GroupAdvantagesOptions, groupAdvantages } from './group-advantages.js';
export {
  fracRewardZeroStd,
  type GroupStatistics,
  type GroupStatisticsOptions,
  groupStatistics,
  type RewardFunctionStatistics,
  rewardFunctionStatistics,
} from './group-statistics.js';
export { type KlEstimator, type KlPenaltyOptions, klPenalty } from './kl-penalty.js';
export { policyLoss } from './policy-loss.js';
export type {
  PolicyLossInputs,
  PolicyLossMetrics,
  PolicyLossOptions,
  PolicyLossResult,
} from './policy-loss-options.js';
export { type GrpoPreset, type GrpoPresetValues, grpoPresetValues } from './presets.js';
export { type TokenLogProbsOptions, tokenLogProbs } from './token-log-probs.js';
