import { requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TemporalPooling } from './module.js';

/**
 * Mean over time: `[batch, time, features]` to `[batch, 1, features]`. Has no variables.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { MeanPooling } from '@r1kit/encoders';
 * new MeanPooling().apply(tf.ones([2, 8, 16])); // [2, 1, 16]
 * ```
 *
 * @category Adapters
 */
export class MeanPooling implements TemporalPooling {
  /** Always 1. */
  readonly outputTokens = 1;

  /**
   * Averages over the time axis.
   *
   * @param sequence - `[batch, time, features]`.
   * @returns `[batch, 1, features]`.
   */
  apply(sequence: tf.Tensor3D): tf.Tensor3D {
    requireTensor({
      functionName: 'MeanPooling.apply',
      argument: 'sequence',
      value: sequence,
      rank: 3,
    });
    return tf.tidy(() => tf.mean(sequence, 1, true));
  }

  /** No variables. */
  namedVariables(): Record<string, tf.Variable> {
    return {};
  }

  /** Nothing to free. */
  dispose(): void {}
}
