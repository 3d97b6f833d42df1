import * as tf from '@tensorflow/tfjs-core';

/**
 * How a product on the wasm backend treats a frozen weight it reads as its right operand.
 * tfjs-backend-wasm's `BatchMatMul` hands that operand to XNNPACK, which packs a copy of it (as
 * large as the weight) and caches it under the tensor's id until the tensor is disposed.
 * `'cached'`: the product reads the weight itself, so its packed copy stays for the weight's
 * lifetime (fastest for repeated small products: one-token decode steps), and the backward pass
 * of a frozen weight (`dx = dy W^T`) reads a transposed copy that stays too (with its packed
 * copy: twice the weight's size more, made by the first backward pass of many rows; passes of
 * few rows multiply by the weight itself). `'transient'`: the
 * product reads a short-lived copy of the weight, packed, used and freed with it, so at most one
 * packed weight exists at a time (costs a copy and a packing per product: about 12% of a
 * 256-row product of a Qwen2.5-0.5B MLP weight, 5% at 2048 rows, measured on wasm).
 *
 * @category Memory
 */
export type WeightPacking = 'cached' | 'transient';

/**
 * A copy of `weight` in a buffer of its own (so a new tensor id on wasm). `x * 1` is exact for
 * every float32, `-0` and NaN included; `tf.clone` would share the buffer (see
 * `shareWasmIdentity`).
 */
export function weightCopy<T extends tf.Tensor>(weight: T): T {
  return tf.mul(weight, 1) as T;
}

/**
 * Frees the packed copies XNNPACK cached for `weights` (made by earlier `'cached'` products,
 * e.g. decode steps) and the transposed copies kept for backward passes, by moving each variable
 * to a copy of its values in a new buffer: the old buffer is disposed, which deletes the
 * operators and copies keyed by it. One weight's size is allocated
 * at a time. Values, names and `trainable` flags are unchanged.
 *
 * @param weights - The variables whose packed copies to free.
 */
export function releasePackedWeights(weights: Iterable<tf.Variable>): void {
  for (const variable of weights) {
    const copy = weightCopy(variable);
    variable.assign(copy);
    copy.dispose();
  }
}
