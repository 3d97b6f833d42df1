import { invalidArgument, requireNumber, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Options of {@link topEntropyMask}.
 *
 * @category Masks
 */
export interface TopEntropyMaskOptions {
  /**
   * ρ, the fraction of valid tokens to keep (TRL `top_entropy_quantile`): tokens whose entropy is
   * at least the (1 − ρ) quantile of the valid tokens' entropies are kept. 1 keeps every token.
   *
   * @defaultValue `0.2` (the "80/20" paper)
   */
  quantile?: number;
}

/**
 * The high-entropy "forking token" mask (Wang et al. 2025, TRL `top_entropy_quantile`): the
 * threshold is the (1 − ρ) quantile (linear interpolation, like `torch.quantile`) of the entropies
 * of the tokens where `mask` is 1; returned is `mask AND entropy >= threshold`.
 *
 * @param entropies - Per-token entropies, any shape (e.g. from {@link entropyFromLogits}).
 * @param mask - 0/1 mask of the same shape with at least one valid token.
 * @param options - The kept fraction ρ.
 * @returns A float32 0/1 mask of the same shape, to multiply into the loss mask.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { topEntropyMask } from '@r1kit/grpo';
 * const keep = topEntropyMask(tf.tensor1d([2, 0.5, 1, 0.1, 3]), tf.ones([5]), { quantile: 0.5 });
 * // [1, 0, 1, 0, 1] (threshold 1.0)
 * ```
 *
 * @category Masks
 */
export function topEntropyMask(
  entropies: tf.Tensor,
  mask: tf.Tensor,
  options: TopEntropyMaskOptions = {},
): tf.Tensor {
  const name = 'topEntropyMask';
  requireTensor({ functionName: name, argument: 'entropies', value: entropies });
  requireTensor({ functionName: name, argument: 'mask', value: mask });
  requireTensor({
    functionName: name,
    argument: 'mask',
    value: mask,
    shape: entropies.shape,
    shapeName: 'the shape of entropies',
  });
  const rho = requireNumber({
    functionName: name,
    argument: 'options.quantile',
    value: options.quantile ?? 0.2,
    min: Number.MIN_VALUE,
    max: 1,
    expected: 'a number in (0, 1]',
  });
  const values = entropies.dataSync();
  const weights = mask.dataSync();
  const valid: number[] = [];
  for (let i = 0; i < values.length; i += 1) {
    if (weights[i] !== 0) valid.push(values[i]!);
  }
  if (valid.length === 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'mask',
      received: mask,
      expected: 'a mask with at least one valid (nonzero) token',
    });
  }
  if (valid.some((value) => !Number.isFinite(value))) {
    throw invalidArgument({
      functionName: name,
      argument: 'entropies',
      received: entropies,
      expected: 'finite values on the masked tokens',
      code: 'NUMERIC_ERROR',
    });
  }
  const threshold = linearQuantile(
    valid.sort((a, b) => a - b),
    1 - rho,
  );
  return tf.tidy(() =>
    tf.mul(
      tf.cast(tf.greaterEqual(entropies, threshold), 'float32'),
      tf.cast(tf.notEqual(mask, 0), 'float32'),
    ),
  );
}

/** `torch.quantile(..., interpolation='linear')` of sorted values. */
function linearQuantile(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
