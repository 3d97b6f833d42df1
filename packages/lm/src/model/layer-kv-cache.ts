import type { Tensor } from '@tensorflow/tfjs-core';
import type { KVCache } from '../types.js';

/**
 * The {@link KVCache} returned by {@link TransformerCausalLM.forward}: one key and one value tensor
 * per layer, `[batch, numKeyValueHeads, length, headDim]`.
 *
 * @category Model
 */
export class LayerKVCache implements KVCache {
  /** One entry per decoder layer. */
  readonly layers: ReadonlyArray<{ readonly key: Tensor; readonly value: Tensor }>;
  /** Number of positions held (including left padding). */
  readonly length: number;

  /**
   * Wraps per-layer tensors; the cache owns them from now on.
   *
   * @param layers - Keys and values of every layer.
   * @param length - Number of positions held.
   */
  constructor(layers: ReadonlyArray<{ key: Tensor; value: Tensor }>, length: number) {
    this.layers = layers;
    this.length = length;
  }

  /** Frees every tensor of the cache (safe to call twice). */
  dispose(): void {
    for (const layer of this.layers) {
      if (!layer.key.isDisposed) layer.key.dispose();
      if (!layer.value.isDisposed) layer.value.dispose();
    }
  }
}
