import { combineRewards, groupStatistics, rewardFunctionStatistics } from '@r1kit/grpo';
import type { StepMetrics } from '../metrics/metrics-log.js';
import type { GrpoPrompt, NamedRewardFunction, RolloutCompletion } from './grpo-types.js';
import { scoreCompletions } from './score-completions.js';

/**
 * A scored completion: the rollout, reward and advantage steps done.
 *
 * @typeParam Payload - Per-sample extra data.
 * @category GRPO
 */
export interface ScoredCompletion<Payload = unknown> extends RolloutCompletion {
  /** Its prompt. */
  prompt: GrpoPrompt<Payload>;
  /** Weighted reward (NaN when every function returned null). */
  reward: number;
  /** Group-relative advantage. */
  advantage: number;
}

/**
 * Options of {@link scoreRollout}.
 *
 * @category GRPO
 */
export interface ScoreRolloutOptions {
  /** Group size. */
  numGenerations: number;
  /** One weight per reward function. */
  rewardWeights: readonly number[];
  /** Advantage scaling. */
  scaleRewards: 'group' | 'batch' | 'none';
  /** How several reward functions combine. */
  multiObjectiveAggregation: 'sum_then_normalize' | 'normalize_then_sum';
}

/**
 * Result of {@link scoreRollout}.
 *
 * @typeParam Payload - Per-sample extra data.
 * @category GRPO
 */
export interface ScoreRolloutResult<Payload = unknown> {
  /** Completions with rewards and advantages, in rollout order. */
  scored: ScoredCompletion<Payload>[];
  /** Unbiased reward std of each group (0: no learning signal; NaN: fewer than two rewards). */
  groupStd: Float64Array;
  /** TRL's reward and completion metrics of this rollout. */
  metrics: StepMetrics;
}

/**
 * The reward and advantage steps of GRPO for one rollout: scores every completion with every
 * function, combines them with weights into group advantages (`@r1kit/grpo`), and computes
 * TRL's reward metrics (`reward`, `reward_std`, `rewards/<fn>/mean`, `rewards/<fn>/std`,
 * `frac_reward_zero_std`, `completions/*`).
 *
 * @typeParam Payload - Per-sample extra data.
 * @param prompts - The rollout's prompts.
 * @param completions - Completions grouped by prompt.
 * @param functions - Reward functions.
 * @param options - Group size, weights, scaling.
 * @returns Scored completions, per-group std (0 = no signal) and metrics.
 *
 * @example
 * ```ts
 * import { scoreRollout } from '@r1kit/trainer';
 * // One prompt, two completions (numGenerations 2).
 * const completions = ['[happy]', '[sad]'].map((text, index) => ({
 *   promptIndex: 0, completionIds: [3 + index], text, finishReason: 'stop' as const,
 * }));
 * const exact = ({ completions }: { completions: readonly string[] }) =>
 *   completions.map((text) => (text === '[happy]' ? 1 : 0));
 * const { scored, metrics } = await scoreRollout(
 *   [{ promptIds: [1, 2] }], completions, [{ name: 'exact', compute: exact }],
 *   { numGenerations: 2, rewardWeights: [1], scaleRewards: 'group',
 *     multiObjectiveAggregation: 'sum_then_normalize' },
 * );
 * scored.map((completion) => completion.advantage); // [0.707, -0.707]
 * metrics.reward; // 0.5

 * ```
 *
 * @category GRPO
 */
export async function scoreRollout<Payload>(
  prompts: ReadonlyArray<GrpoPrompt<Payload>>,
  completions: readonly RolloutCompletion[],
  functions: ReadonlyArray<NamedRewardFunction<Payload>>,
  options: ScoreRolloutOptions,
): Promise<ScoreRolloutResult<Payload>> {
  const rowPrompts = completions.map((completion) => prompts[completion.promptIndex]!);
  const perFunction = await scoreCompletions(functions, {
    prompts: rowPrompts,
    completions: completions.map((completion) => completion.text),
    completionIds: completions.map((completion) => completion.completionIds),
    finishReasons: completions.map((completion) => completion.finishReason),
    payloads: rowPrompts.map((prompt) => prompt.payload),
  });
  const { rewards, advantages } = combineRewards(perFunction, {
    numGenerations: options.numGenerations,
    rewardWeights: options.rewardWeights,
    scaleRewards: options.scaleRewards,
    multiObjectiveAggregation: options.multiObjectiveAggregation,
  });
  const statistics = groupStatistics(rewards, { numGenerations: options.numGenerations });
  const metrics: StepMetrics = {
    reward: statistics.rewardMean,
    reward_std: nanMean(Array.from(statistics.groupStd)),
    frac_reward_zero_std: statistics.fracRewardZeroStd,
  };
  rewardFunctionStatistics(perFunction).forEach((entry, index) => {
    const name = functions[index]!.name;
    metrics[`rewards/${name}/mean`] = entry.mean;
    metrics[`rewards/${name}/std`] = entry.std;
  });
  const lengths = completions.map((completion) => completion.completionIds.length);
  const terminated = completions.filter((completion) => completion.finishReason !== 'length');
  metrics['completions/mean_length'] = mean(lengths);
  metrics['completions/min_length'] = Math.min(...lengths);
  metrics['completions/max_length'] = Math.max(...lengths);
  metrics['completions/mean_terminated_length'] = terminated.length
    ? mean(terminated.map((completion) => completion.completionIds.length))
    : null;
  metrics['completions/clipped_ratio'] = 1 - terminated.length / completions.length;
  const scored = completions.map((completion, index) => ({
    ...completion,
    prompt: rowPrompts[index]!,
    reward: rewards[index]!,
    advantage: advantages[index]!,
  }));
  return { scored, groupStd: statistics.groupStd, metrics };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function nanMean(values: readonly number[]): number | null {
  const finite = values.filter((value) => Number.isFinite(value));
  return finite.length ? mean(finite) : null;
}
