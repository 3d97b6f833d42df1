import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * How the sampler/trainer importance ratio is formed and bounded (TRL's
 * `vllm_importance_sampling_mode`): per token or one ratio per sequence (the exponential of the
 * summed log-prob gap), truncated from above at the cap (`*_truncate`) or zeroed above it
 * (`*_mask`).
 *
 * @category Off-policy correction
 */
export type ImportanceSamplingMode =
  | 'token_truncate'
  | 'token_mask'
  | 'sequence_truncate'
  | 'sequence_mask';

const modes: readonly ImportanceSamplingMode[] = [
  'token_truncate',
  'token_mask',
  'sequence_truncate',
  'sequence_mask',
];

/**
 * Inputs of {@link importanceSamplingCorrection}: `[rows, completionLength]` tensors.
 *
 * @category Off-policy correction
 */
export interface ImportanceSamplingCorrectionInputs {
  /** The trainer's log-probs of the sampled tokens (TRL's `old_per_token_logps`). */
  oldLogp: tf.Tensor;
  /** The sampler's log-probs of the same tokens (TRL's `sampling_per_token_logps`). */
  samplingLogp: tf.Tensor;
  /** 1 on completion tokens that enter the loss. */
  mask: tf.Tensor;
}

/**
 * Options of {@link importanceSamplingCorrection} (TRL's `vllm_importance_sampling_*`).
 *
 * @category Off-policy correction
 */
export interface ImportanceSamplingCorrectionOptions {
  /**
   * Granularity and bound of the ratio.
   *
   * @defaultValue 'sequence_mask' (TRL's default)
   */
  vllmImportanceSamplingMode?: ImportanceSamplingMode;
  /**
   * The cap C: `*_truncate` clips ratios at C, `*_mask` sets ratios above C to 0.
   *
   * @defaultValue 3 (TRL's default)
   */
  vllmImportanceSamplingCap?: number;
}

/**
 * The logged statistics, named as TRL logs them.
 *
 * @category Off-policy correction
 */
export interface ImportanceSamplingCorrectionMetrics {
  /** `sampling/importance_sampling_ratio/min` (over masked tokens, or over sequences). */
  'sampling/importance_sampling_ratio/min': number;
  /** `sampling/importance_sampling_ratio/mean`. */
  'sampling/importance_sampling_ratio/mean': number;
  /** `sampling/importance_sampling_ratio/max`. */
  'sampling/importance_sampling_ratio/max': number;
  /** `sampling/sampling_logp_difference/mean`: mean of `|oldLogp - samplingLogp|` on masked tokens. */
  'sampling/sampling_logp_difference/mean': number;
  /** `sampling/sampling_logp_difference/max`. */
  'sampling/sampling_logp_difference/max': number;
}

/**
 * Result of {@link importanceSamplingCorrection}.
 *
 * @category Off-policy correction
 */
export interface ImportanceSamplingCorrectionResult {
  /**
   * `[rows, completionLength]` non-negative weights that multiply the per-token policy loss
   * (a sequence ratio is repeated over the row's tokens). Owned by the caller.
   */
  weights: tf.Tensor2D;
  /** The bounded ratios in TRL's shape: `[rows, completionLength]` or `[rows, 1]` (sequence modes). */
  ratio: tf.Tensor2D;
  /** Statistics of the bounded ratios and of the log-prob gap; 0 when no token is masked in. */
  metrics: ImportanceSamplingCorrectionMetrics;
}

/**
 * TRL's `vllm_importance_sampling_correction`: the ratio between the trainer's and the sampler's
 * probability of each sampled token, `exp((oldLogp - samplingLogp) * mask)` per token, or
 * `exp(sum_t (oldLogp - samplingLogp) * mask)` per sequence, then truncated at or masked above
 * `vllmImportanceSamplingCap`. Multiplying the per-token loss by it corrects for a sampler
 * (vLLM, SGLang) whose numerics or weights differ from the trainer's. Not differentiable (its
 * inputs are detached log-probs).
 *
 * @param inputs - Trainer and sampler log-probs and the loss mask.
 * @param options - Mode and cap.
 * @returns Per-token weights, the ratios and TRL's `sampling/*` metrics.
 * @throws R1kitError `INVALID_ARGUMENT` for an unknown mode or a cap that is not positive,
 *   `SHAPE_MISMATCH` when the three tensors differ in shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { importanceSamplingCorrection } from '@r1kit/grpo';
 * const { weights, metrics } = importanceSamplingCorrection(
 *   { oldLogp: tf.tensor2d([[-1, -2]]), samplingLogp: tf.tensor2d([[-1.5, -2]]), mask: tf.tensor2d([[1, 1]]) },
 *   { vllmImportanceSamplingMode: 'token_truncate', vllmImportanceSamplingCap: 2 },
 * );
 * console.log(weights.arraySync(), metrics['sampling/importance_sampling_ratio/max']); // [[1.6487, 1]] 1.6487
 * weights.dispose();
 * ```
 *
 * @category Off-policy correction
 */
export function importanceSamplingCorrection(
  inputs: ImportanceSamplingCorrectionInputs,
  options: ImportanceSamplingCorrectionOptions = {},
): ImportanceSamplingCorrectionResult {
  const name = 'importanceSamplingCorrection';
  const mode = options.vllmImportanceSamplingMode ?? 'sequence_mask';
  const cap = options.vllmImportanceSamplingCap ?? 3;
  if (!modes.includes(mode)) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.vllmImportanceSamplingMode',
      received: mode,
      expected: `one of ${modes.map((m) => `'${m}'`).join(', ')}`,
    });
  }
  if (typeof cap !== 'number' || !(cap > 0)) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.vllmImportanceSamplingCap',
      received: cap,
      expected: 'a positive number',
    });
  }
  const shape = inputs.oldLogp.shape;
  for (const key of ['samplingLogp', 'mask'] as const) {
    if (inputs[key].rank !== 2 || inputs[key].shape.join(',') !== shape.join(',')) {
      throw invalidArgument({
        functionName: name,
        argument: `inputs.${key}`,
        received: inputs[key],
        expected: `a tensor of the shape of inputs.oldLogp ([${shape.join(', ')}], rank 2)`,
        code: 'SHAPE_MISMATCH',
      });
    }
  }
  const sequenceLevel = mode.startsWith('sequence');
  let stats: Float32Array | undefined;
  const [weights, ratio] = tf.tidy(() => {
    const mask = tf.cast(inputs.mask, 'float32');
    const difference = tf.mul(tf.sub(inputs.oldLogp, inputs.samplingLogp), mask);
    const logRatio = sequenceLevel ? tf.sum(difference, 1, true) : difference;
    const raw = tf.exp(logRatio);
    const bounded = mode.endsWith('truncate')
      ? tf.minimum(raw, cap)
      : tf.where(tf.greater(raw, cap), tf.zerosLike(raw), raw);
    const count = tf.sum(mask);
    const any = tf.greater(count, 0);
    const zero = tf.scalar(0);
    // Ratio statistics: over sequences (sequence modes) or over masked tokens (token modes).
    const counted = sequenceLevel ? tf.onesLike(bounded) : mask;
    const total = tf.sum(counted);
    const inside = tf.greater(counted, 0);
    const ratioMin = tf.min(
      tf.where(
        inside,
        bounded,
        tf.fill(bounded.shape as [number, number], Number.POSITIVE_INFINITY),
      ),
    );
    const ratioMax = tf.max(tf.where(inside, bounded, tf.zerosLike(bounded)));
    const ratioMean = tf.div(tf.sum(tf.mul(bounded, counted)), tf.maximum(total, 1));
    const gap = tf.mul(tf.abs(difference), mask);
    const gapMean = tf.div(tf.sum(gap), tf.maximum(count, 1));
    const gapMax = tf.max(gap);
    const hasRatio = sequenceLevel ? tf.greater(total, 0) : any;
    const packed = tf.stack([
      tf.where(hasRatio, ratioMin, zero),
      tf.where(hasRatio, ratioMean, zero),
      tf.where(hasRatio, ratioMax, zero),
      tf.where(any, gapMean, zero),
      tf.where(any, gapMax, zero),
    ]);
    stats = packed.dataSync() as Float32Array;
    return [
      tf.broadcastTo(bounded, shape as [number, number]) as tf.Tensor2D,
      bounded as tf.Tensor2D,
    ];
  });
  const values = stats!;
  return {
    weights,
    ratio,
    metrics: {
      'sampling/importance_sampling_ratio/min': values[0]!,
      'sampling/importance_sampling_ratio/mean': values[1]!,
      'sampling/importance_sampling_ratio/max': values[2]!,
      'sampling/sampling_logp_difference/mean': values[3]!,
      'sampling/sampling_logp_difference/max': values[4]!,
    },
  };
}
