import { R1kitError } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import type * as tf from '@tensorflow/tfjs-core';
import type { SoftTokenProvider } from '../sft/sft-example.js';
import { completionLogProbs } from './grpo-loss.js';
import { buildPolicyBatch, type PolicyBatch } from './policy-batch.js';
import type { ResolvedGrpoConfig } from './resolve-grpo-config.js';
import type { ScoredCompletion } from './score-rollout.js';

/** One micro-batch of an update: rows, their batch and the frozen log-probs. @internal */
export interface MicroBatch<Payload> {
  rows: ScoredCompletion<Payload>[];
  batch: PolicyBatch;
  tokens: number;
  oldLogp?: tf.Tensor2D;
  refLogp?: tf.Tensor2D;
}

/** What the update stage needs from the trainer. @internal */
export interface UpdateContext<Payload> {
  config: ResolvedGrpoConfig;
  model: CausalLM;
  referenceModel?: CausalLM;
  softTokens?: SoftTokenProvider<Payload>;
  padTokenId: number;
}

/**
 * Splits the kept completions into `stepsPerGeneration` micro-batches and computes, without
 * gradients, the rollout-policy log-probs (when the policy will have moved before a micro-batch
 * is used: `numIterations > 1` or several optimiser steps per rollout) and the reference
 * log-probs (when `beta > 0` or `logKl`). Free them with {@link disposeMicroBatches}.
 * @internal
 */
export function prepareMicroBatches<Payload>(
  kept: ScoredCompletion<Payload>[],
  context: UpdateContext<Payload>,
): MicroBatch<Payload>[] {
  const { config, padTokenId } = context;
  const size = Math.ceil(kept.length / config.stepsPerGeneration);
  const needOld =
    config.numIterations > 1 || config.stepsPerGeneration > config.gradientAccumulationSteps;
  const micro: MicroBatch<Payload>[] = [];
  try {
    for (let index = 0; index < config.stepsPerGeneration; index += 1) {
      const rows = kept.slice(index * size, (index + 1) * size);
      const batch = buildPolicyBatch(
        rows.map((row) => ({
          promptIds: row.prompt.promptIds,
          completionIds: row.completionIds,
          trained: !(config.maskTruncatedCompletions && row.finishReason === 'length'),
        })),
        { padTokenId },
      );
      const tokens = batch.completionMask.reduce(
        (sum, mask) => sum + mask.reduce((a, b) => a + b, 0),
        0,
      );
      if (tokens === 0) {
        micro.push({ rows, batch, tokens });
        continue;
      }
      const scoring = {
        temperature: config.temperature,
        softTokens: () => context.softTokens?.(rows.map((row) => row.prompt.payload)),
      };
      const oldLogp = needOld ? completionLogProbs(context.model, batch, scoring) : undefined;
      micro.push({ rows, batch, tokens, oldLogp });
      if (config.beta > 0 || config.logKl)
        micro[micro.length - 1]!.refLogp = referenceLogProbs(context, batch, scoring);
    }
  } catch (error) {
    disposeMicroBatches(micro);
    throw error;
  }
  return micro;
}

/** Frees the log-prob tensors of micro-batches. @internal */
export function disposeMicroBatches<Payload>(micro: readonly MicroBatch<Payload>[]): void {
  for (const item of micro) {
    item.oldLogp?.dispose();
    item.refLogp?.dispose();
  }
}

function referenceLogProbs<Payload>(
  context: UpdateContext<Payload>,
  batch: PolicyBatch,
  scoring: Parameters<typeof completionLogProbs>[2],
): tf.Tensor2D {
  if (context.referenceModel) return completionLogProbs(context.referenceModel, batch, scoring);
  const { model } = context;
  if (!model.withAdaptersDisabled) {
    throw new R1kitError({
      code: 'INVALID_STATE',
      message:
        'GrpoTrainer: the KL reference pass needs options.referenceModel or a model with withAdaptersDisabled()',
    });
  }
  return model.withAdaptersDisabled(() => completionLogProbs(model, batch, scoring));
}
