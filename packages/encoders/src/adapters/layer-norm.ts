import * as tf from '@tensorflow/tfjs-core';
import { type AdapterModule, createVariable } from './module.js';

/**
 * Layer normalisation over the last axis with a learned scale (ones) and shift (zeros).
 *
 * @internal
 */
export class LayerNorm implements AdapterModule {
  /** `[size]`, initialised to ones. */
  readonly gamma: tf.Variable;
  /** `[size]`, initialised to zeros. */
  readonly beta: tf.Variable;

  /** Creates the scale and shift. */
  constructor(
    size: number,
    private readonly epsilon = 1e-12,
  ) {
    this.gamma = createVariable(() => tf.ones([size]));
    this.beta = createVariable(() => tf.zeros([size]));
  }

  /** Normalises the last axis. */
  apply<T extends tf.Tensor>(input: T): T {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(input, -1, true);
      const normalised = tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma), this.beta) as T;
    });
  }

  /** `gamma` and `beta`. */
  namedVariables(): Record<string, tf.Variable> {
    return { gamma: this.gamma, beta: this.beta };
  }

  /** Frees the variables. */
  dispose(): void {
    this.gamma.dispose();
    this.beta.dispose();
  }
}
