import { requireInteger, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { Linear } from './linear.js';
import type { TemporalPooling } from './module.js';

/**
 * Options for {@link ScoreWeightedPooling}.
 *
 * @category Adapters
 */
export interface ScoreWeightedPoolingOptions {
  /** Features per time step. */
  inputSize: number;
  /**
   * Whether to normalise the scores with a softmax over time. AffectGPT's code uses the raw
   * scores (`false`).
   *
   * @defaultValue `false`
   */
  softmax?: boolean;
  /**
   * Seed of the score layer.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * AffectGPT's "attention" temporal pooling: a `Linear(features → 1)` score per step, then the
 * score-weighted sum over time, `y = Σ_t s_t x_t` (with `s = softmax(s)` when asked).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ScoreWeightedPooling } from '@r1kit/encoders';
 * const pooling = new ScoreWeightedPooling({ inputSize: 16, seed: 3 });
 * pooling.apply(tf.ones([2, 8, 16])); // [2, 1, 16]
 * pooling.dispose();
 * ```
 *
 * @category Adapters
 */
export class ScoreWeightedPooling implements TemporalPooling {
  /** Always 1. */
  readonly outputTokens = 1;
  /** The score layer, `Linear(inputSize → 1)`. */
  readonly score: Linear;
  /** Whether scores are softmax-normalised over time. */
  readonly softmax: boolean;

  /** Creates the score layer. */
  constructor(options: ScoreWeightedPoolingOptions) {
    const inputSize = requireInteger({
      functionName: 'ScoreWeightedPooling',
      argument: 'options.inputSize',
      value: options.inputSize,
      min: 1,
    });
    this.score = new Linear({ inputSize, outputSize: 1, seed: options.seed ?? 0 });
    this.softmax = options.softmax ?? false;
  }

  /**
   * Pools a sequence.
   *
   * @param sequence - `[batch, time, inputSize]`.
   * @returns `[batch, 1, inputSize]`.
   */
  apply(sequence: tf.Tensor3D): tf.Tensor3D {
    requireTensor({
      functionName: 'ScoreWeightedPooling.apply',
      argument: 'sequence',
      value: sequence,
      shape: [null, null, this.score.inputSize],
    });
    return tf.tidy(() => {
      let scores = this.score.apply(sequence); // [batch, time, 1]
      if (this.softmax) {
        scores = tf.transpose(tf.softmax(tf.transpose(scores, [0, 2, 1])), [0, 2, 1]);
      }
      return tf.sum(tf.mul(scores, sequence), 1, true) as tf.Tensor3D;
    });
  }

  /** The score layer's variables. */
  namedVariables(): Record<string, tf.Variable> {
    const { weight, bias } = this.score.namedVariables();
    return { 'score.weight': weight!, 'score.bias': bias! };
  }

  /** Frees the score layer. */
  dispose(): void {
    this.score.dispose();
  }
}
