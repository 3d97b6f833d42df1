import { invalidArgument, R1kitError, requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Options of {@link clipByGlobalNorm}.
 *
 * @category Optimisation
 */
export interface ClipByGlobalNormOptions {
  /**
   * Largest allowed global L2 norm. `Infinity` only measures the norm.
   *
   * @defaultValue 1.0 (TRL's `max_grad_norm`)
   */
  maxNorm?: number;
}

/**
 * Result of {@link clipByGlobalNorm}.
 *
 * @category Optimisation
 */
export interface ClipByGlobalNormResult {
  /** New tensors (owned by the caller), scaled by `min(1, maxNorm / (norm + 1e-6))`. */
  gradients: tf.Tensor[];
  /** The global L2 norm before clipping (what TRL logs as `grad_norm`). */
  globalNorm: number;
}

/**
 * Global-norm gradient clipping as `torch.nn.utils.clip_grad_norm_` does it: the L2 norm over all
 * gradients together, and a scale of `maxNorm / (norm + 1e-6)` when that is below one. A
 * non-finite norm raises `NUMERIC_ERROR` instead of silently writing NaN into the weights.
 *
 * @param gradients - Gradients (not disposed).
 * @param options - The norm limit.
 * @returns Clipped copies and the norm before clipping.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipByGlobalNorm } from '@r1kit/trainer';
 * const { gradients, globalNorm } = clipByGlobalNorm([tf.tensor1d([3, 4])], { maxNorm: 1 });
 * // globalNorm === 5, gradients[0] ~ [0.6, 0.8]
 * tf.dispose(gradients);
 * ```
 *
 * @category Optimisation
 */
export function clipByGlobalNorm(
  gradients: readonly tf.Tensor[],
  options: ClipByGlobalNormOptions = {},
): ClipByGlobalNormResult {
  const maxNorm = requireNumber({
    functionName: 'clipByGlobalNorm',
    argument: 'options.maxNorm',
    value: options.maxNorm === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : (options.maxNorm ?? 1),
    min: 0,
    max: Number.MAX_VALUE,
    exclusiveMin: true,
  });
  if (!Array.isArray(gradients) || gradients.length === 0) {
    throw invalidArgument({
      functionName: 'clipByGlobalNorm',
      argument: 'gradients',
      received: gradients,
      expected: 'a non-empty array of tensors',
    });
  }
  const squares = tf.tidy(() =>
    tf.stack(gradients.map((gradient) => tf.sum(tf.square(tf.cast(gradient, 'float32'))))),
  );
  const sumOfSquares = (squares.dataSync() as Float32Array).reduce((sum, value) => sum + value, 0);
  squares.dispose();
  const globalNorm = Math.sqrt(sumOfSquares);
  if (!Number.isFinite(globalNorm)) {
    throw new R1kitError({
      code: 'NUMERIC_ERROR',
      message: `clipByGlobalNorm: the gradient norm is ${globalNorm}; the loss or model produced NaN/Infinity (lower the learning rate, check inputs)`,
    });
  }
  const scale = Math.min(1, maxNorm / (globalNorm + 1e-6));
  const clipped = gradients.map((gradient) =>
    scale < 1 ? tf.tidy(() => tf.mul(gradient, scale)) : tf.clone(gradient),
  );
  return { gradients: clipped, globalNorm };
}
