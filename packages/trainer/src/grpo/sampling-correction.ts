import { R1kitError } from '@r1kit/core';
import {
  type ImportanceSamplingCorrectionMetrics,
  importanceSamplingCorrection,
} from '@r1kit/grpo';
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyBatch } from './policy-batch.js';
import type { ResolvedGrpoConfig } from './resolve-grpo-config.js';
import type { ScoredCompletion } from './score-rollout.js';

/** The off-policy correction of one micro-batch. @internal */
export interface SamplingCorrection {
  /** `[rows, completionLength]` weights of the per-token loss (owned by the micro-batch). */
  weights: tf.Tensor2D;
  /** TRL's `sampling/*` statistics of the micro-batch. */
  metrics: ImportanceSamplingCorrectionMetrics;
  /** Masked completion tokens (for token-weighted means). */
  tokens: number;
  /** Rows (for sequence-weighted means). */
  rows: number;
}

/**
 * Importance weights between the trainer's log-probs (`oldLogp`) and the sampler's reported
 * `samplingLogProbs` for one micro-batch (TRL's `vllm_importance_sampling_correction`).
 * @internal
 */
export function samplingCorrection<Payload>(
  rows: readonly ScoredCompletion<Payload>[],
  batch: PolicyBatch,
  oldLogp: tf.Tensor2D,
  config: ResolvedGrpoConfig,
): SamplingCorrection {
  const sampling = rows.map((row, index) => {
    const values = row.samplingLogProbs;
    if (
      !Array.isArray(values) ||
      values.length !== row.completionIds.length ||
      values.some((value) => !Number.isFinite(value))
    ) {
      throw new R1kitError({
        code: 'INVALID_STATE',
        message: `GrpoTrainer: completion ${index} of the micro-batch has samplingLogProbs ${values === undefined ? 'undefined' : `of length ${values.length}`}; expected ${row.completionIds.length} finite log-probs (one per completion token) from the rollout engine, or none from every completion`,
      });
    }
    return [...values, ...new Array<number>(batch.completionLength - values.length).fill(0)];
  });
  const tokens = batch.completionMask.reduce(
    (sum, mask) => sum + mask.reduce((a, b) => a + b, 0),
    0,
  );
  const samplingLogp = tf.tensor2d(sampling, undefined, 'float32');
  const mask = tf.tensor2d(batch.completionMask, undefined, 'float32');
  try {
    const { weights, ratio, metrics } = importanceSamplingCorrection(
      { oldLogp, samplingLogp, mask },
      {
        vllmImportanceSamplingMode: config.loss.vllmImportanceSamplingMode,
        vllmImportanceSamplingCap: config.loss.vllmImportanceSamplingCap,
      },
    );
    ratio.dispose();
    return { weights, metrics, tokens, rows: rows.length };
  } finally {
    tf.dispose([samplingLogp, mask]);
  }
}

/**
 * Combines the `sampling/*` statistics of a step's micro-batches: min of minima, max of maxima,
 * means weighted by tokens (or by rows for sequence-level ratios).
 * @internal
 */
export function combineSamplingMetrics(
  corrections: readonly SamplingCorrection[],
  sequenceLevel: boolean,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (corrections.length === 0) return out;
  const ratio = 'sampling/importance_sampling_ratio';
  const gap = 'sampling/sampling_logp_difference';
  const weight = (item: SamplingCorrection) => (sequenceLevel ? item.rows : item.tokens);
  const mean = (
    key: keyof ImportanceSamplingCorrectionMetrics,
    pick: (c: SamplingCorrection) => number,
  ) => {
    const total = corrections.reduce((sum, item) => sum + pick(item), 0);
    return (
      corrections.reduce((sum, item) => sum + item.metrics[key] * pick(item), 0) /
      Math.max(total, 1)
    );
  };
  out[`${ratio}/min`] = Math.min(...corrections.map((item) => item.metrics[`${ratio}/min`]));
  out[`${ratio}/mean`] = mean(`${ratio}/mean`, weight);
  out[`${ratio}/max`] = Math.max(...corrections.map((item) => item.metrics[`${ratio}/max`]));
  out[`${gap}/mean`] = mean(`${gap}/mean`, (item) => item.tokens);
  out[`${gap}/max`] = Math.max(...corrections.map((item) => item.metrics[`${gap}/max`]));
  return out;
}
