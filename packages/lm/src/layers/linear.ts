import * as tf from '@tensorflow/tfjs-core';
import type { WeightPacking } from '../ops/weight-packing.js';
import { denseMatMul } from './dense-matmul.js';

/**
 * The two low-rank factors of a LoRA adapter on one projection, in PEFT layout:
 * `delta(x) = dropout(x) A^T B^T * alpha / rank`.
 */
export interface LoraFactors {
  /** `lora_A.weight`, `[rank, inFeatures]`. */
  a: tf.Variable;
  /** `lora_B.weight`, `[outFeatures, rank]` (zeros at creation, so the adapter starts as identity). */
  b: tf.Variable;
  /** `alpha / rank`. */
  scale: number;
  /** Dropout rate applied to the adapter's input while training. */
  dropout: number;
}

/** A Hugging Face `nn.Linear`, optionally with a bias and a LoRA adapter. */
export interface LinearWeights {
  /** `[inFeatures, outFeatures]`: the Hugging Face weight transposed (faster `matMul`). */
  weight: tf.Variable;
  /** `[outFeatures]`, when the projection has one. */
  bias?: tf.Variable;
  /** The LoRA adapter, when one is attached. */
  lora?: LoraFactors;
}

/** Per-call switches of a forward pass that affect projections. */
export interface LinearContext {
  /** Whether LoRA adapters contribute. */
  adaptersEnabled: boolean;
  /** Whether LoRA dropout is active. */
  training: boolean;
  /** A fresh seed for each dropout mask. */
  nextSeed(): number;
  /** How products treat frozen weights on wasm (see {@link WeightPacking}); absent: `'cached'`. */
  weightPacking?: WeightPacking;
}

/**
 * Applies a projection to `[rows, inFeatures]` activations: `x W + b` (`W` stored `[in, out]`), plus the LoRA update
 * when an adapter is attached and enabled.
 *
 * @param x - `[rows, inFeatures]`.
 * @param linear - The projection's weights.
 * @param context - Whether adapters and dropout are active.
 * @returns `[rows, outFeatures]`.
 */
export function linear(x: tf.Tensor2D, linear: LinearWeights, context: LinearContext): tf.Tensor2D {
  return tf.tidy(() => {
    let y: tf.Tensor = denseMatMul(x, linear.weight as tf.Tensor2D, false, context.weightPacking);
    if (linear.bias !== undefined) y = tf.add(y, linear.bias);
    const lora = linear.lora;
    if (lora !== undefined && context.adaptersEnabled) {
      const input =
        context.training && lora.dropout > 0
          ? (tf.dropout(x, lora.dropout, undefined, context.nextSeed()) as tf.Tensor2D)
          : x;
      const down = denseMatMul(input, lora.a as tf.Tensor2D, true);
      const up = denseMatMul(down, lora.b as tf.Tensor2D, true);
      y = tf.add(y, tf.mul(up, lora.scale));
    }
    return y as tf.Tensor2D;
  });
}
