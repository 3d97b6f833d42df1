import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { Linear } from './linear.js';
import { type AdapterModule, collectVariables, type SeedSequence } from './module.js';

/**
 * Multi-head scaled dot-product attention with query/key/value/output projections (BERT
 * style), used by the Q-Former blocks.
 *
 * @internal
 */
export class MultiHeadAttention implements AdapterModule {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly output: Linear;

  /** Creates the four projections. */
  constructor(
    readonly size: number,
    keySize: number,
    readonly numHeads: number,
    seeds: SeedSequence,
  ) {
    if (size % numHeads !== 0) {
      throw invalidArgument({
        functionName: 'MultiHeadAttention',
        argument: 'numHeads',
        received: numHeads,
        expected: `a divisor of the width ${size}`,
      });
    }
    this.query = new Linear({ inputSize: size, outputSize: size, seed: seeds.take() });
    this.key = new Linear({ inputSize: keySize, outputSize: size, seed: seeds.take() });
    this.value = new Linear({ inputSize: keySize, outputSize: size, seed: seeds.take() });
    this.output = new Linear({ inputSize: size, outputSize: size, seed: seeds.take() });
  }

  /** Attends from `queries` `[batch, q, size]` to `context` `[batch, t, keySize]`. */
  apply(queries: tf.Tensor3D, context: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [batch, queryLength] = queries.shape;
      const contextLength = context.shape[1];
      const headSize = this.size / this.numHeads;
      const split = (x: tf.Tensor3D, length: number) =>
        tf.transpose(tf.reshape(x, [batch, length, this.numHeads, headSize]), [0, 2, 1, 3]);
      const q = split(this.query.apply(queries), queryLength);
      const k = split(this.key.apply(context), contextLength);
      const v = split(this.value.apply(context), contextLength);
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(headSize));
      const mixed = tf.matMul(tf.softmax(scores), v); // [batch, heads, q, headSize]
      const merged = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [batch, queryLength, this.size]);
      return this.output.apply(merged as tf.Tensor3D);
    });
  }

  /** The projections' variables. */
  namedVariables(): Record<string, tf.Variable> {
    return collectVariables({
      query: this.query,
      key: this.key,
      value: this.value,
      output: this.output,
    });
  }

  /** Frees the projections. */
  dispose(): void {
    for (const layer of [this.query, this.key, this.value, this.output]) layer.dispose();
  }
}
