import type { SoftTokens } from '@r1kit/core';
import {
  type PolicyLossMetrics,
  type PolicyLossOptions,
  type PolicyLossResult,
  policyLoss,
} from '@r1kit/grpo';
import {
  type CausalLM,
  type SequenceLogProbsBatch,
  sequenceLogProbs,
  sequenceLogProbsAndEntropy,
} from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyBatch } from './policy-batch.js';

/**
 * Inputs of {@link grpoLoss}.
 *
 * @category GRPO
 */
export interface GrpoLossInputs {
  /** The policy. */
  model: CausalLM;
  /** Prompt + completion rows. */
  batch: PolicyBatch;
  /** One advantage per row. */
  advantages: readonly number[];
  /** Rollout-policy log-probs `[rows, completionLength]`; omitted: the current ones detached. */
  oldLogp?: tf.Tensor2D;
  /** Reference log-probs `[rows, completionLength]`: needed when `beta > 0`; when given, the KL is also reported. */
  refLogp?: tf.Tensor2D;
  /** Soft tokens of the rows (built inside the gradient tape). */
  softTokens?: SoftTokens;
  /**
   * Non-negative `[rows, completionLength]` weights of the per-token policy loss: the
   * sampler/trainer off-policy correction (TRL's `importance_sampling_ratio`). The KL and
   * entropy terms are not weighted.
   *
   * @defaultValue none (every weight 1)
   */
  importanceSamplingWeights?: tf.Tensor2D;
}

/**
 * Options of {@link grpoLoss}: `@r1kit/grpo`'s `policyLoss` options under their own names (all
 * required here; the trainer passes its resolved `loss` settings), plus the micro-batch scale and
 * the log-prob pass settings.
 *
 * @category GRPO
 */
export interface GrpoLossOptions
  extends Required<
    Pick<
      PolicyLossOptions,
      | 'lossType'
      | 'epsilon'
      | 'epsilonHigh'
      | 'beta'
      | 'temperature'
      | 'maxCompletionLength'
      | 'importanceSamplingLevel'
      | 'entropyCoef'
    >
  > {
  /** Multiplies the loss (gradient-accumulation and global token-mean scaling). */
  scale: number;
  /**
   * Completion positions per logit chunk (`sequenceLogProbs`' `chunkSize`).
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Recompute decoder layers in the backward pass.
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
}

/**
 * The update step's loss for one micro-batch: policy log-probs at the sampling temperature, the
 * clipped surrogate with optional k3 KL to the reference and entropy bonus (`@r1kit/grpo`'s
 * `policyLoss` with TRL conventions), times `scale`. Differentiable: call it inside a gradient
 * tape.
 *
 * @param inputs - Model, batch, advantages, old and reference log-probs.
 * @param options - Clip ranges, aggregation, KL, temperature, scale.
 * @returns `@r1kit/grpo`'s `PolicyLossResult` with its metrics always set: the scalar loss
 *   (differentiable) and the clip fractions, KL and entropy of the micro-batch.
 *
 * @example
 * ```ts
 * import { createCausalLM } from '@r1kit/lm';
 * import { buildPolicyBatch, computeGradients, grpoLoss } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const batch = buildPolicyBatch(
 *   [
 *     { promptIds: [1, 2], completionIds: [3, 4], trained: true },
 *     { promptIds: [1, 2], completionIds: [5], trained: true },
 *   ],
 *   { padTokenId: 0 },
 * );
 * const options = { lossType: 'dapo', epsilon: 0.2, epsilonHigh: 0.28, beta: 0, temperature: 1,
 *   maxCompletionLength: 2, importanceSamplingLevel: 'token', entropyCoef: 0, scale: 1 } as const;
 * const { value, gradients } = computeGradients(model.trainableVariables(), () =>
 *   grpoLoss({ model, batch, advantages: [1, -1] }, options).loss);
 * // value -1/3: without oldLogp the ratio is 1, so the loss is the token mean of -advantage

 * ```
 *
 * @category GRPO
 */
export function grpoLoss(
  inputs: GrpoLossInputs,
  options: GrpoLossOptions,
): Required<PolicyLossResult> {
  let metrics: PolicyLossMetrics | undefined;
  const loss = tf.tidy(() => {
    // Chunked log-probs and entropies: no [rows, completionLength, vocab] tensor, in the forward
    // or the backward pass.
    const { logp, entropy } = sequenceLogProbsAndEntropy(
      inputs.model,
      scoredBatch(inputs.batch, inputs.softTokens),
      {
        temperature: options.temperature,
        chunkSize: options.chunkSize,
        training: true,
        gradientCheckpointing: options.gradientCheckpointing,
      },
    );
    // w * min(rA, clip(r)A) = min(r(wA), clip(r)(wA)) for w >= 0: the weights scale the advantages.
    const weights = inputs.importanceSamplingWeights;
    const advantages = weights
      ? tf.mul(
          tf.tensor2d([...inputs.advantages], [inputs.advantages.length, 1], 'float32'),
          weights,
        )
      : inputs.advantages;
    const result = policyLoss(
      {
        logp,
        oldLogp: inputs.oldLogp,
        refLogp: inputs.refLogp,
        advantages,
        mask: tf.tensor2d(inputs.batch.completionMask, undefined, 'float32'),
        entropy,
      },
      {
        preset: 'trl',
        ...pickPolicyLossOptions(options),
        klEstimator: 'k3',
      },
    );
    metrics = result.metrics;
    return options.scale === 1 ? result.loss : (tf.mul(result.loss, options.scale) as tf.Scalar);
  });
  return { loss, metrics: metrics! };
}

/**
 * Options of {@link completionLogProbs}.
 *
 * @category GRPO
 */
export interface CompletionLogProbsOptions {
  /** Sampling temperature the logits are divided by. */
  temperature: number;
  /** Soft tokens of the rows, built on demand. @defaultValue none */
  softTokens?: () => SoftTokens | undefined;
  /** Completion positions per logit chunk (lm's `sequenceLogProbs`). @defaultValue 64 */
  chunkSize?: number;
}

/**
 * Log-probabilities of the completion tokens without gradients (rollout-policy or reference
 * log-probs).
 *
 * @param model - The model to score with.
 * @param batch - Prompt + completion rows.
 * @param options - Temperature and soft tokens.
 * @returns `[rows, completionLength]` log-probs (owned by the caller).
 *
 * @example
 * ```ts
 * import { createCausalLM } from '@r1kit/lm';
 * import { buildPolicyBatch, completionLogProbs } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const batch = buildPolicyBatch(
 *   [{ promptIds: [1, 2], completionIds: [3, 4], trained: true }],
 *   { padTokenId: 0 },
 * );
 * const refLogp = completionLogProbs(model, batch, { temperature: 1 }); // shape [1, 2]

 * ```
 *
 * @category GRPO
 */
export function completionLogProbs(
  model: CausalLM,
  batch: PolicyBatch,
  options: CompletionLogProbsOptions,
): tf.Tensor2D {
  return tf.tidy(() =>
    sequenceLogProbs(model, scoredBatch(batch, options.softTokens?.()), {
      temperature: options.temperature,
      chunkSize: options.chunkSize,
    }),
  );
}

/** A policy batch as the tensors `sequenceLogProbs` scores (call inside `tf.tidy`). */
function scoredBatch(
  batch: PolicyBatch,
  softTokens: SoftTokens | undefined,
): SequenceLogProbsBatch {
  return {
    inputIds: tf.tensor2d(batch.inputIds, undefined, 'int32'),
    attentionMask: tf.tensor2d(batch.attentionMask, undefined, 'int32'),
    completionLength: batch.completionLength,
    ...(softTokens ? { softTokens } : {}),
  };
}

/** The options grpo's `policyLoss` shares with the trainer, under the same names. */
function pickPolicyLossOptions(options: GrpoLossOptions): PolicyLossOptions {
  const { lossType, epsilon, epsilonHigh, maxCompletionLength, importanceSamplingLevel } = options;
  const { beta, entropyCoef, temperature } = options;
  return {
    lossType,
    epsilon,
    epsilonHigh,
    maxCompletionLength,
    importanceSamplingLevel,
    beta,
    entropyCoef,
    temperature,
  };
}
