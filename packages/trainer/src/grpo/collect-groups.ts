import { R1kitError } from '@r1kit/core';
import type { StepMetrics } from '../metrics/metrics-log.js';
import type { GrpoPrompt, NamedRewardFunction, RolloutEngine } from './grpo-types.js';
import type { ResolvedGrpoConfig } from './resolve-grpo-config.js';
import { type ScoredCompletion, scoreRollout } from './score-rollout.js';

/**
 * The rollout stage of one GRPO generation: samples and scores groups, and with dynamic sampling
 * keeps only groups whose rewards differ, sampling more prompts (up to `maxNumGenBatches`
 * rollouts) to refill the batch. Metrics describe the first rollout (an unbiased sample of the
 * policy) plus how many groups were kept.
 * @internal
 */
export async function collectGroups<Payload>(inputs: {
  config: ResolvedGrpoConfig;
  engine: RolloutEngine<Payload>;
  nextPrompts: () => GrpoPrompt<Payload>[];
  rewardFunctions: ReadonlyArray<NamedRewardFunction<Payload>>;
}): Promise<{ kept: ScoredCompletion<Payload>[]; metrics: StepMetrics }> {
  const { config, engine } = inputs;
  const wanted = config.promptsPerGeneration * config.numGenerations;
  const rounds = config.dynamicSampling ? config.maxNumGenBatches : 1;
  const kept: ScoredCompletion<Payload>[] = [];
  let metrics: StepMetrics = {};
  let round = 0;
  while (round < rounds && kept.length < wanted) {
    const prompts = inputs.nextPrompts();
    const completions = await engine.rollout({
      prompts,
      numGenerations: config.numGenerations,
      maxCompletionLength: config.maxCompletionLength,
      temperature: config.temperature,
      topP: config.topP,
      topK: config.topK,
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
      scaleRewards: config.scaleRewards,
      multiObjectiveAggregation: config.multiObjectiveAggregation,
    });
    if (round === 0) metrics = scored.metrics;
    scored.groupStd.forEach((std, group) => {
      if (config.dynamicSampling && !(std > 0)) return;
      kept.push(
        ...scored.scored.slice(group * config.numGenerations, (group + 1) * config.numGenerations),
      );
    });
    round += 1;
  }
  if (config.dynamicSampling) {
    metrics['dynamic_sampling/num_gen_batches'] = round;
    metrics['dynamic_sampling/kept_ratio'] = Math.min(kept.length, wanted) / wanted;
  }
  return { kept: kept.slice(0, wanted), metrics };
}
