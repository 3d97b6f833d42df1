import { invalidArgument, type SoftTokens } from '@r1kit/core';
import { entropyFromLogits, tokenLogProbs } from '@r1kit/grpo';
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryEstimate } from '../memory/estimate-memory.js';
import { assertMemoryFits, memoryLimit } from '../memory/memory-limit.js';
import type { CausalLM } from '../types.js';
import {
  chunkedHeadLogProbs,
  chunkedHeadLogProbsAndEntropy,
  type LogProbsAndEntropy,
} from './chunked-head-log-probs.js';

/**
 * A batch of prompt + completion sequences whose completion tokens are scored.
 *
 * @category Log-probabilities
 */
export interface SequenceLogProbsBatch {
  /** `[batch, promptLength + completionLength]` int32 ids: the (left-padded) prompt, then the completion. */
  inputIds: tf.Tensor2D;
  /**
   * `[batch, promptLength + completionLength]` with 1 for real tokens and 0 for padding.
   *
   * @defaultValue all ones
   */
  attentionMask?: tf.Tensor2D;
  /** Number of trailing positions that are completion tokens (TRL's `logits_to_keep`). */
  completionLength: number;
  /** Soft tokens that replace placeholder embeddings in the prompt. */
  softTokens?: SoftTokens;
}

/**
 * Options of {@link sequenceLogProbs}.
 *
 * @category Log-probabilities
 */
export interface SequenceLogProbsOptions {
  /**
   * Sampling temperature: logits are divided by it before the log-softmax, so the result matches
   * the distribution completions were sampled from.
   *
   * @defaultValue 1
   */
  temperature?: number;
  /**
   * Completion positions whose `[batch, chunk, vocab]` logits exist at once. Smaller chunks save
   * memory with large vocabularies. With a model that exposes `outputHead` (as
   * {@link TransformerCausalLM} does) this holds under a gradient tape too: the backward pass
   * recomputes each chunk's logits instead of keeping them (with a frozen head, as under LoRA,
   * each chunk's gradient is computed in the forward pass instead and kept, `[batch, chunk,
   * hidden]`).
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Whether LoRA dropout is active (the policy forward pass of a training step).
   *
   * @defaultValue false
   */
  training?: boolean;
  /**
   * Recompute each decoder layer's activations in the backward pass instead of keeping them
   * (TRL's `gradient_checkpointing`); passed to the model's forward pass.
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
  /**
   * With `gradientCheckpointing` on a training pass: keep each layer's products of frozen weights
   * (LoRA's base weights) for the recomputation (see `ForwardInputs.keepFrozenProducts`): a third
   * fewer products per LoRA step for more activation memory.
   *
   * @defaultValue `true` when the model's memory estimate with them fits the backend's memory
   *   (models with `estimateMemory`), else `false`
   */
  keepFrozenProducts?: boolean;
}

/** Validates the batch and options; returns the sequence length and chunk size. */
function validate(batch: SequenceLogProbsBatch, options: SequenceLogProbsOptions): number {
  const { inputIds, completionLength } = batch;
  if (!(inputIds instanceof tf.Tensor) || inputIds.rank !== 2) {
    throw invalidArgument({
      functionName: 'sequenceLogProbs',
      argument: 'batch.inputIds',
      received: inputIds,
      expected: 'an int32 tensor [batch, promptLength + completionLength]',
    });
  }
  const time = inputIds.shape[1];
  if (!Number.isInteger(completionLength) || completionLength < 1 || completionLength >= time) {
    throw invalidArgument({
      functionName: 'sequenceLogProbs',
      argument: 'batch.completionLength',
      received: completionLength,
      expected: `an integer in [1, ${time - 1}] (at least one prompt token precedes the completion)`,
    });
  }
  const chunkSize = options.chunkSize ?? 64;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw invalidArgument({
      functionName: 'sequenceLogProbs',
      argument: 'options.chunkSize',
      received: chunkSize,
      expected: 'a positive integer',
    });
  }
  return chunkSize;
}

/**
 * Log-probability of every completion token under the model: position `t` of the completion is
 * scored by the logits at the previous position, `log_softmax(logits / temperature)[token]`. When
 * the model exposes `forwardHidden`/`logitsFromHidden` (as {@link TransformerCausalLM} does),
 * logits are computed only for completion positions and `chunkSize` positions at a time, so the
 * `[batch, time, vocab]` tensor never exists whole. Differentiable: call it inside
 * `tf.variableGrads` for the policy term of a loss.
 *
 * @param model - The causal LM.
 * @param batch - Prompt + completion ids, mask, completion length and soft tokens.
 * @param options - Temperature, chunk size and training mode.
 * @returns `[batch, completionLength]` float32 log-probabilities (padding positions included:
 *   mask them with the completion mask).
 * @throws R1kitError `INVALID_ARGUMENT` for a bad batch or option, `OUT_OF_MEMORY` (before any
 *   work) when the pass would not fit in the backend's memory.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createCausalLM, sequenceLogProbs } from '@r1kit/lm';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * model.addAdapter({ rank: 4 });
 * // Two sequences of a left-padded 3-token prompt and a 2-token completion.
 * const inputIds = tf.tensor2d([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], [2, 5], 'int32');
 * const attentionMask = tf.tensor2d([[0, 1, 1, 1, 1], [1, 1, 1, 1, 1]], [2, 5], 'int32');
 * const logp = sequenceLogProbs(model, { inputIds, attentionMask, completionLength: 2 });
 * logp.shape; // [2, 2]
 * const reference = model.withAdaptersDisabled(() =>
 *   sequenceLogProbs(model, { inputIds, attentionMask, completionLength: 2 }));

 * ```
 *
 * @category Log-probabilities
 */
export function sequenceLogProbs(
  model: CausalLM,
  batch: SequenceLogProbsBatch,
  options: SequenceLogProbsOptions = {},
): tf.Tensor2D {
  return scoreCompletions(model, batch, options, false).logp;
}

/**
 * {@link sequenceLogProbs} that also returns the entropy of each completion position's sampling
 * distribution (TRL's `_get_per_token_logps_and_entropies`), computed from the same logit
 * chunks. Both outputs are differentiable; with an output head the backward pass recomputes
 * each chunk, so the entropy costs no `[batch, time, vocab]` tensor either.
 *
 * @param model - The causal LM.
 * @param batch - Prompt + completion ids, mask, completion length and soft tokens.
 * @param options - Temperature, chunk size, training mode and checkpointing.
 * @returns `[batch, completionLength]` log-probabilities and entropies.
 * @throws R1kitError `INVALID_ARGUMENT` for a bad batch or option, `OUT_OF_MEMORY` (before any
 *   work) when the pass would not fit in the backend's memory.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createCausalLM, sequenceLogProbsAndEntropy } from '@r1kit/lm';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const inputIds = tf.tensor2d([[1, 2, 3, 4, 5]], [1, 5], 'int32');
 * const { logp, entropy } = sequenceLogProbsAndEntropy(model, { inputIds, completionLength: 2 });
 * entropy.arraySync(); // [[4.15, 4.15]], near log(64) = 4.16: the untrained model is near uniform


 * ```
 *
 * @category Log-probabilities
 */
export function sequenceLogProbsAndEntropy(
  model: CausalLM,
  batch: SequenceLogProbsBatch,
  options: SequenceLogProbsOptions = {},
): LogProbsAndEntropy {
  const { logp, entropy } = scoreCompletions(model, batch, options, true);
  return { logp, entropy: entropy! };
}

/**
 * Refuses, before any work, a pass the backend's memory cannot hold (models with
 * `estimateMemory`): a training pass with `options.training`, else a scoring pass. Returns
 * whether a checkpointed training pass keeps its frozen products: `options.keepFrozenProducts`,
 * or by default whether the estimate with them fits.
 */
function assertScoringFits(
  model: CausalLM,
  work: {
    rows: number;
    time: number;
    completionLength: number;
    chunkSize: number;
    options: SequenceLogProbsOptions;
  },
): boolean {
  const training = work.options.training ?? false;
  const checkpointing = work.options.gradientCheckpointing ?? false;
  const estimateWith = (keepFrozenProducts: boolean) =>
    model.estimateMemory?.({
      mode: training ? 'train' : 'score',
      batchSize: work.rows,
      sequenceLength: work.time,
      completionLength: work.completionLength,
      chunkSize: work.chunkSize,
      gradientCheckpointing: checkpointing,
      keepFrozenProducts,
      optimizerStatesPerParameter: 0,
    });
  const required = (estimate: MemoryEstimate) =>
    estimate.gradients + estimate.activations + estimate.head + estimate.packedWeights;
  let keep = work.options.keepFrozenProducts;
  if (keep === undefined) {
    const kept = training && checkpointing ? estimateWith(true) : undefined;
    keep = kept !== undefined && tf.memory().numBytes + required(kept) <= memoryLimit().bytes;
  }
  const estimate = estimateWith(keep);
  if (estimate === undefined) return keep;
  const { gradients, activations, head, packedWeights } = estimate;
  assertMemoryFits({
    what: `sequenceLogProbs: ${training ? 'a training pass' : 'scoring'} of ${work.rows} x ${work.time} tokens`,
    requiredBytes: required(estimate),
    parts: { gradients, activations, 'output head': head, 'packed weights (wasm)': packedWeights },
    advice:
      `score fewer rows at once, lower chunkSize (${work.chunkSize})` +
      `${checkpointing ? '' : ', set gradientCheckpointing: true'}` +
      `${keep && checkpointing && training ? ', set keepFrozenProducts: false' : ''}` +
      ', or use a backend with more memory',
  });
  return keep;
}

/** Shared body of {@link sequenceLogProbs} and {@link sequenceLogProbsAndEntropy}. */
function scoreCompletions(
  model: CausalLM,
  batch: SequenceLogProbsBatch,
  options: SequenceLogProbsOptions,
  withEntropy: boolean,
): { logp: tf.Tensor2D; entropy?: tf.Tensor2D } {
  const chunkSize = validate(batch, options);
  const { inputIds, attentionMask, completionLength, softTokens } = batch;
  const [rows, time] = inputIds.shape;
  const temperature = options.temperature ?? 1;
  const keepFrozenProducts = assertScoringFits(model, {
    rows,
    time,
    completionLength,
    chunkSize,
    options,
  });
  const inputs = {
    inputIds,
    attentionMask,
    softTokens,
    training: options.training ?? false,
    gradientCheckpointing: options.gradientCheckpointing ?? false,
    keepFrozenProducts,
  };
  /** Log-probs (and entropies) of full logits `[rows, n, vocab]` against `[rows, n]` targets. */
  const fromLogits = (logits: tf.Tensor, targets: tf.Tensor) => ({
    logp: tokenLogProbs(logits, targets, { temperature }) as tf.Tensor2D,
    ...(withEntropy ? { entropy: entropyFromLogits(logits, { temperature }) as tf.Tensor2D } : {}),
  });
  return tf.tidy(() => {
    const targets = tf.slice(inputIds, [0, time - completionLength], [rows, completionLength]);
    if (model.forwardHidden === undefined || model.logitsFromHidden === undefined) {
      const logits = model.forward(inputs).logits;
      const kept = tf.slice(
        logits,
        [0, time - completionLength - 1, 0],
        [rows, completionLength, -1],
      );
      return fromLogits(kept, targets);
    }
    const hidden = model.forwardHidden(inputs).hiddenStates;
    const width = hidden.shape[2];
    const scored = tf.slice(
      hidden,
      [0, time - completionLength - 1, 0],
      [rows, completionLength, width],
    ) as tf.Tensor3D;
    // Final-logit soft-capping (Gemma) lives in logitsFromHidden, not in the bare head.
    const head =
      model.config.finalLogitSoftcapping === undefined ? model.outputHead?.() : undefined;
    if (head !== undefined) {
      const headOptions = { chunkSize, temperature };
      return withEntropy
        ? chunkedHeadLogProbsAndEntropy(scored, targets as tf.Tensor2D, head, headOptions)
        : { logp: chunkedHeadLogProbs(scored, targets as tf.Tensor2D, head, headOptions) };
    }
    const parts: Array<{ logp: tf.Tensor2D; entropy?: tf.Tensor2D }> = [];
    for (let start = 0; start < completionLength; start += chunkSize) {
      const size = Math.min(chunkSize, completionLength - start);
      parts.push(
        tf.tidy(() => {
          const states = tf.slice(scored, [0, start, 0], [rows, size, width]);
          const logits = model.logitsFromHidden!(states as tf.Tensor3D);
          return fromLogits(logits, tf.slice(targets, [0, start], [rows, size]));
        }),
      );
    }
    const join = (tensors: tf.Tensor2D[]) =>
      (tensors.length === 1 ? tensors[0]! : tf.concat(tensors, 1)) as tf.Tensor2D;
    return {
      logp: join(parts.map((part) => part.logp)),
      ...(withEntropy ? { entropy: join(parts.map((part) => part.entropy!)) } : {}),
    };
  });
}
