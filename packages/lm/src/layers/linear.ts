import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { WeightPacking } from '../ops/weight-packing.js';
import { denseMatMul, frozenProductGradient } from './dense-matmul.js';

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
  /**
   * Products of frozen weights that a checkpointed layer keeps from its forward pass and hands
   * back to its recomputation (see {@link FrozenProducts}); absent: every product is computed.
   */
  frozenProducts?: FrozenProducts;
}

/**
 * The `x W` products of frozen weights (base weights under LoRA) of one checkpointed decoder
 * layer: `'record'` keeps each one (in order) as the forward pass computes it; `'replay'` hands
 * them back, in the same order, to the recomputation in the backward pass, which then skips those
 * products. Their gradient is unchanged: `dx = dy W^T` (a frozen weight gets none).
 */
export interface FrozenProducts {
  /** Whether products are kept or handed back. */
  mode: 'record' | 'replay';
  /** The kept products, in the order the layer computes them (kept with `tf.keep` while recording). */
  products: tf.Tensor2D[];
  /** The next product to hand back (`'replay'`). */
  next: number;
}

/** Whether `weight` is a frozen variable (a base weight under LoRA). */
function isFrozen(weight: tf.Tensor): boolean {
  return weight instanceof tf.Variable && !weight.trainable;
}

/** `x W` for a frozen `W`, recorded or replayed by `context.frozenProducts` when it is set. */
function baseProduct(x: tf.Tensor2D, weight: tf.Tensor2D, context: LinearContext): tf.Tensor2D {
  const frozen = context.frozenProducts;
  if (frozen === undefined || !isFrozen(weight)) {
    return denseMatMul(x, weight, false, context.weightPacking);
  }
  if (frozen.mode === 'record') {
    const product = denseMatMul(x, weight, false, context.weightPacking);
    frozen.products.push(tf.keep(product));
    return product;
  }
  const product = frozen.products[frozen.next++];
  if (product === undefined || product.shape[0] !== x.shape[0]) {
    throw new R1kitError({
      code: 'INVALID_STATE',
      message: `linear: the recomputed layer asked for frozen product ${frozen.next} of ${frozen.products.length} recorded, with ${x.shape[0]} rows; the forward pass and its recomputation took different paths`,
    });
  }
  return replayedProduct(x, weight, product, context.weightPacking);
}

/** `x W` given its value: the op returns a handle on `product` and passes `dy W^T` back to `x`. */
function replayedProduct(
  x: tf.Tensor2D,
  weight: tf.Tensor2D,
  product: tf.Tensor2D,
  packing: WeightPacking | undefined,
): tf.Tensor2D {
  const op = tf.customGrad(() => ({
    value: tf.clone(product),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [
      frozenProductGradient(dy as tf.Tensor2D, weight, packing),
    ],
  }));
  return op(x) as tf.Tensor2D;
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
    let y: tf.Tensor = baseProduct(x, linear.weight as tf.Tensor2D, context);
    if (linear.bias !== undefined) y = tf.add(y, linear.bias);
    const lora = linear.lora;
    if (lora !== undefined && context.adaptersEnabled) {
      const input =
        context.training && lora.dropout > 0
          ? (tf.dropout(x, lora.dropout, undefined, context.nextSeed()) as tf.Tensor2D)
          : x;
      // The scale multiplies the rank-wide `[rows, rank]` product, not the `[rows, out]` one.
      const down = tf.mul(denseMatMul(input, lora.a as tf.Tensor2D, true), lora.scale);
      y = tf.add(y, denseMatMul(down as tf.Tensor2D, lora.b as tf.Tensor2D, true));
    }
    return y as tf.Tensor2D;
  });
}
