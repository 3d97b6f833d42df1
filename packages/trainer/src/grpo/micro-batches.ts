import { R1kitError, type SoftTokenProvider, type SoftTokens } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { type CompletionLogProbsOptions, completionLogProbs } from './grpo-loss.js';
import { buildPolicyBatch, type PolicyBatch } from './policy-batch.js';
import type { ResolvedGrpoConfig } from './resolve-grpo-config.js';
import { type SamplingCorrection, samplingCorrection } from './sampling-correction.js';
import type { ScoredCompletion } from './score-rollout.js';

/** One micro-batch of an update: rows, their batch and the frozen log-probs. @internal */
export interface MicroBatch<Payload> {
  rows: ScoredCompletion<Payload>[];
  batch: PolicyBatch;
  tokens: number;
  oldLogp?: tf.Tensor2D;
  refLogp?: tf.Tensor2D;
  /** Off-policy correction to the sampler's log-probs, when the rows carry them. */
  correction?: SamplingCorrection;
  /** Frozen soft tokens of the rows (gathered from the rollout's), for passes without training. */
  softTokens?: SoftTokens;
}

/** What the update stage needs from the trainer. @internal */
export interface UpdateContext<Payload> {
  config: ResolvedGrpoConfig;
  model: CausalLM;
  referenceModel?: CausalLM;
  softTokens?: SoftTokenProvider<Payload>;
  /** Whether the provider's output trains (extra variables): then it is rebuilt under the tape. */
  rebuildSoftTokens: boolean;
  padTokenId: number;
}

/**
 * Splits the kept completions into `stepsPerGeneration` micro-batches and computes, without
 * gradients, the rollout-policy log-probs (when the policy will have moved before a micro-batch
 * is used: `numIterations > 1` or several optimiser steps per rollout) and the reference
 * log-probs (when `loss.beta > 0` or `loss.logKl`). Both reuse the rollout's soft tokens (`groupSoftTokens`,
 * one row per group of `kept`), gathered once per micro-batch. Free them with
 * {@link disposeMicroBatches}.
 * @internal
 */
export function prepareMicroBatches<Payload>(
  kept: ScoredCompletion<Payload>[],
  context: UpdateContext<Payload>,
  groupSoftTokens?: SoftTokens,
): MicroBatch<Payload>[] {
  const { config, padTokenId } = context;
  const size = Math.ceil(kept.length / config.stepsPerGeneration);
  const needOld =
    config.numIterations > 1 || config.stepsPerGeneration > config.gradientAccumulationSteps;
  // Sampled elsewhere (an inference server): the trainer's log-probs are needed for the ratio.
  const correct =
    config.loss.vllmImportanceSamplingCorrection &&
    kept.some((row) => row.samplingLogProbs !== undefined);
  const micro: MicroBatch<Payload>[] = [];
  try {
    for (let index = 0; index < config.stepsPerGeneration; index += 1) {
      const rows = kept.slice(index * size, (index + 1) * size);
      const batch = buildPolicyBatch(
        rows.map((row) => ({
          promptIds: row.prompt.promptIds,
          completionIds: row.completionIds,
          trained: !(config.loss.maskTruncatedCompletions && row.finishReason === 'length'),
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
      const softTokens = groupSoftTokens && {
        placeholderTokenId: groupSoftTokens.placeholderTokenId,
        embeddings: tf.tidy(() => {
          const first = index * size;
          const groups = rows.map((_, row) => Math.floor((first + row) / config.numGenerations));
          return tf.gather(groupSoftTokens.embeddings, groups) as tf.Tensor3D;
        }),
      };
      micro.push({ rows, batch, tokens, ...(softTokens ? { softTokens } : {}) });
      const scoring = {
        temperature: config.temperature,
        chunkSize: config.chunkSize,
        softTokens: () => softTokens,
      };
      const oldLogp =
        needOld || correct ? completionLogProbs(context.model, batch, scoring) : undefined;
      if (oldLogp) micro[micro.length - 1]!.oldLogp = oldLogp;
      if (correct)
        micro[micro.length - 1]!.correction = samplingCorrection(rows, batch, oldLogp!, config);
      if (config.loss.beta > 0 || config.loss.logKl)
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
    item.softTokens?.embeddings.dispose();
    item.correction?.weights.dispose();
  }
}

function referenceLogProbs<Payload>(
  context: UpdateContext<Payload>,
  batch: PolicyBatch,
  scoring: CompletionLogProbsOptions,
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
