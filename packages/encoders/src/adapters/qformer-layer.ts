import * as tf from '@tensorflow/tfjs-core';
import { gelu } from './gelu.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { type AdapterModule, collectVariables, type SeedSequence } from './module.js';
import { MultiHeadAttention } from './multi-head-attention.js';

/**
 * One BERT-style Q-Former layer (post-norm): query self-attention, cross-attention to the
 * sequence, then a GELU feed-forward block, each with a residual connection.
 *
 * @internal
 */
export class QFormerLayer implements AdapterModule {
  readonly selfAttention: MultiHeadAttention;
  readonly selfNorm: LayerNorm;
  readonly crossAttention: MultiHeadAttention;
  readonly crossNorm: LayerNorm;
  readonly intermediate: Linear;
  readonly output: Linear;
  readonly outputNorm: LayerNorm;

  /** Creates the layer's sub-modules. */
  constructor(size: number, numHeads: number, intermediateSize: number, seeds: SeedSequence) {
    this.selfAttention = new MultiHeadAttention(size, size, numHeads, seeds);
    this.selfNorm = new LayerNorm(size);
    this.crossAttention = new MultiHeadAttention(size, size, numHeads, seeds);
    this.crossNorm = new LayerNorm(size);
    this.intermediate = new Linear({
      inputSize: size,
      outputSize: intermediateSize,
      seed: seeds.take(),
    });
    this.output = new Linear({ inputSize: intermediateSize, outputSize: size, seed: seeds.take() });
    this.outputNorm = new LayerNorm(size);
  }

  /** Updates `queries` `[batch, q, size]` from `context` `[batch, t, size]`. */
  apply(queries: tf.Tensor3D, context: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      let x = this.selfNorm.apply(
        tf.add(queries, this.selfAttention.apply(queries, queries)),
      ) as tf.Tensor3D;
      x = this.crossNorm.apply(tf.add(x, this.crossAttention.apply(x, context))) as tf.Tensor3D;
      const hidden = this.output.apply(gelu(this.intermediate.apply(x)));
      return this.outputNorm.apply(tf.add(x, hidden)) as tf.Tensor3D;
    });
  }

  /** Every variable of the layer. */
  namedVariables(): Record<string, tf.Variable> {
    return collectVariables({
      selfAttention: this.selfAttention,
      selfNorm: this.selfNorm,
      crossAttention: this.crossAttention,
      crossNorm: this.crossNorm,
      intermediate: this.intermediate,
      output: this.output,
      outputNorm: this.outputNorm,
    });
  }

  /** Frees every variable. */
  dispose(): void {
    for (const module of Object.values(this)) (module as AdapterModule).dispose();
  }
}
