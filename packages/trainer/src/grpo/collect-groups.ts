import { R1kitError, type SoftTokenProvider, type SoftTokens } from '@r1kit/core';
import { filterZeroVarianceGroups } from '@r1kit/grpo';
import * as tf from '@tensorflow/tfjs-core';
import type { StepMetrics } from '../metrics/metrics-log.js';
import type { GrpoPrompt, NamedRewardFunction, RolloutEngine } from './grpo-types.js';
import type { ResolvedGrpoConfig } from './resolve-grpo-config.js';
import { type ScoredCompletion, scoreRollout } from './score-rollout.js';

/** What {@link collectGroups} returns: the kept completions, their metrics and soft tokens. @internal */
export interface CollectedGroups<Payload> {
  /** Scored completions of the kept groups, grouped by prompt. */
  kept: ScoredCompletion<Payload>[];
  /** Reward metrics of the first rollout (plus dynamic-sampling counts). */
  metrics: StepMetrics;
  /** Soft tokens of the kept groups (owned by the caller). */
  softTokens?: SoftTokens;
}

/**
 * The rollout stage of one GRPO generation: samples and scores groups, and with dynamic sampling
 * keeps only groups whose rewards differ, sampling more prompts (up to `maxNumGenBatches`
 * rollouts) to refill the batch. Metrics describe the first rollout (an unbiased sample of the
 * policy) plus how many groups were kept. Soft tokens are built once per rollout (one row per
 * prompt, no gradients), handed to the engine, and returned for the kept groups (one row per
 * kept group, owned by the caller) so that the old-policy and reference passes reuse them.
 * @internal
 */
export async function collectGroups<Payload>(inputs: {
  config: ResolvedGrpoConfig;
  engine: RolloutEngine<Payload>;
  nextPrompts: () => GrpoPrompt<Payload>[];
  rewardFunctions: ReadonlyArray<NamedRewardFunction<Payload>>;
  softTokens?: SoftTokenProvider<Payload>;
}): Promise<CollectedGroups<Payload>> {
  const { config, engine } = inputs;
  const wanted = config.promptsPerGeneration * config.numGenerations;
  const rounds = config.dynamicSampling ? config.maxNumGenBatches : 1;
  const kept: ScoredCompletion<Payload>[] = [];
  let metrics: StepMetrics = {};
  let round = 0;
  let placeholderTokenId = 0;
  /** Soft-token rows of the kept groups, one `[1, n, hidden]` slice per group. */
  const keptSoft: tf.Tensor3D[] = [];
  try {
    while (round < rounds && kept.length < wanted) {
      const prompts = inputs.nextPrompts();
      const soft = promptSoftTokens(inputs.softTokens, prompts);
      try {
        if (soft) placeholderTokenId = soft.placeholderTokenId;
        const completions = await engine.rollout({
          prompts,
          numGenerations: config.numGenerations,
          maxCompletionLength: config.maxCompletionLength,
          temperature: config.temperature,
          topP: config.topP,
          topK: config.topK,
          ...(soft ? { softTokens: soft } : {}),
        });
        const expected = prompts.length * config.numGenerations;
        if (!Array.isArray(completions) || completions.length !== expected) {
          throw new R1kitError({
            code: 'INVALID_STATE',
            message: `GrpoTrainer: the rollout engine returned ${completions?.length} completions; expected ${expected} (prompts x numGenerations, grouped by prompt)`,
          });
        }
        const scored = await scoreRollout(prompts, completions, inputs.rewardFunctions, {
          numGenerations: config.numGenerations,
          rewardWeights: config.rewardWeights,
          scaleRewards: config.loss.scaleRewards,
          multiObjectiveAggregation: config.multiObjectiveAggregation,
        });
        if (round === 0) metrics = scored.metrics;
        // DAPO dynamic sampling keeps only the groups whose rewards differ (grpo's filter).
        const groups = config.dynamicSampling
          ? filterZeroVarianceGroups(
              scored.scored.map((completion) => completion.reward),
              { numGenerations: config.numGenerations },
            ).groupIndices
          : scored.groupStd.map((_, group) => group);
        groups.forEach((group) => {
          kept.push(
            ...scored.scored.slice(
              group * config.numGenerations,
              (group + 1) * config.numGenerations,
            ),
          );
          if (soft) keptSoft.push(tf.slice(soft.embeddings, [group, 0, 0], [1, -1, -1]));
        });
      } finally {
        if (soft) soft.embeddings.dispose();
      }
      round += 1;
    }
    if (config.dynamicSampling) {
      metrics['dynamic_sampling/num_gen_batches'] = round;
      metrics['dynamic_sampling/kept_ratio'] = Math.min(kept.length, wanted) / wanted;
    }
    const groups = Math.min(keptSoft.length, wanted / config.numGenerations);
    const softTokens =
      keptSoft.length > 0
        ? { placeholderTokenId, embeddings: tf.concat(keptSoft.slice(0, groups), 0) as tf.Tensor3D }
        : undefined;
    return { kept: kept.slice(0, wanted), metrics, ...(softTokens ? { softTokens } : {}) };
  } finally {
    tf.dispose(keptSoft);
  }
}

/** The provider's soft tokens for `prompts`, built without gradients (owned by the caller). */
function promptSoftTokens<Payload>(
  provider: SoftTokenProvider<Payload> | undefined,
  prompts: ReadonlyArray<GrpoPrompt<Payload>>,
): SoftTokens | undefined {
  if (!provider) return undefined;
  let placeholderTokenId = 0;
  const embeddings = tf.tidy(() => {
    const soft = provider(prompts.map((prompt) => prompt.payload));
    if (!soft) return undefined;
    placeholderTokenId = soft.placeholderTokenId;
    return soft.embeddings;
  });
  return embeddings && { placeholderTokenId, embeddings };
}
