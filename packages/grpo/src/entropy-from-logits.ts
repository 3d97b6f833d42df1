import { invalidArgument, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireTemperature } from './shared-checks.js';

/**
 * Options of {@link entropyFromLogits}.
 *
 * @category Log-probabilities
 */
export interface EntropyFromLogitsOptions {
  /**
   * Sampling temperature; logits are divided by it first (as TRL, verl and OpenRLHF do).
   *
   * @defaultValue `1`
   */
  temperature?: number;
}

/**
 * Entropy of the next-token distribution at each position:
 * `H = logsumexp(z) − Σ softmax(z)·z` with `z = logits / temperature`. Differentiable with
 * respect to `logits` (the entropy bonus).
 *
 * @param logits - Finite float tensor `[..., vocab]`.
 * @param options - The temperature.
 * @returns Entropies in nats, shape `logits.shape.slice(0, -1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { entropyFromLogits } from '@r1kit/grpo';
 * entropyFromLogits(tf.tensor2d([[0, 0, 0, 0]])); // [log 4] = [1.3863]
 * ```
 *
 * @category Log-probabilities
 */
export function entropyFromLogits(
  logits: tf.Tensor,
  options: EntropyFromLogitsOptions = {},
): tf.Tensor {
  const name = 'entropyFromLogits';
  requireTensor({ functionName: name, argument: 'logits', value: logits });
  if (logits.rank < 1 || logits.shape[logits.rank - 1] === 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'logits',
      received: logits,
      expected: 'a tensor [..., vocab] with a non-empty vocab axis',
      code: 'SHAPE_MISMATCH',
    });
  }
  const temperature = requireTemperature(name, options.temperature);
  return tf.tidy(() => {
    const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
    const axis = logits.rank - 1;
    const logNormalizer = tf.logSumExp(scaled, axis);
    const expected = tf.sum(tf.mul(tf.softmax(scaled, axis), scaled), axis);
    return tf.sub(logNormalizer, expected);
  });
}
