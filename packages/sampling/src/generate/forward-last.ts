import type { CausalLM, ForwardInputs, KVCache } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';

/** The logits of the last position and the updated cache. */
export interface ForwardLastResult {
  /** `[batch, vocabSize]` logits of the last position; owned by the caller. */
  logits: tf.Tensor2D;
  /** The cache including the new positions, when one was requested; owned by the caller. */
  cache?: KVCache;
}

/**
 * Runs `model.forward` inside `tf.tidy` (the inputs are built inside it by `buildInputs`), keeps
 * the returned cache tensors and returns only the logits of the last position.
 */
export function forwardLast(model: CausalLM, buildInputs: () => ForwardInputs): ForwardLastResult {
  let cache: KVCache | undefined;
  const logits = tf.tidy(() => {
    const output = model.forward(buildInputs());
    if (output.pastKeyValues) {
      cache = output.pastKeyValues;
      for (const layer of cache.layers) {
        tf.keep(layer.key);
        tf.keep(layer.value);
      }
    }
    const [batch, time, vocabSize] = output.logits.shape;
    return tf.reshape(tf.slice(output.logits, [0, time - 1, 0], [batch, 1, vocabSize]), [
      batch,
      vocabSize,
    ]) as tf.Tensor2D;
  });
  return cache ? { logits, cache } : { logits };
}
