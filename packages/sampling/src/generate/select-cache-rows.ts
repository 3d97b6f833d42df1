import type { KVCache } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A cache holding only the batch rows `rows` of `cache` (gathered along the batch axis). The
 * returned cache owns new tensors; `cache` is left to the caller.
 */
export function selectCacheRows(cache: KVCache, rows: ReadonlyArray<number>): KVCache {
  const layers = tf.tidy(() => {
    const index = tf.tensor1d([...rows], 'int32');
    return cache.layers.map((layer) => ({
      key: tf.keep(tf.gather(layer.key, index)),
      value: tf.keep(tf.gather(layer.value, index)),
    }));
  });
  return {
    layers,
    length: cache.length,
    dispose: () => {
      for (const layer of layers) tf.dispose([layer.key, layer.value]);
    },
  };
}
