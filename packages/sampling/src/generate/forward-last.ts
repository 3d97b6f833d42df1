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
 * Runs the model inside `tf.tidy` (the inputs are built inside it by `buildInputs`), keeps the
 * returned cache tensors and returns only the logits of the last position. When the model has
 * `forwardHidden` and `logitsFromHidden`, the output head is applied to the last position only,
 * so the `[batch, time, vocabSize]` logits of a long prompt never exist.
 */
export function forwardLast(model: CausalLM, buildInputs: () => ForwardInputs): ForwardLastResult {
  let cache: KVCache | undefined;
  const keepCache = (past: KVCache | undefined) => {
    if (!past) return;
    cache = past;
    for (const layer of past.layers) {
      tf.keep(layer.key);
      tf.keep(layer.value);
    }
  };
  const logits = tf.tidy(() => {
    const inputs = buildInputs();
    let last: tf.Tensor3D;
    if (model.forwardHidden && model.logitsFromHidden) {
      const output = model.forwardHidden(inputs);
      keepCache(output.pastKeyValues);
      last = model.logitsFromHidden(lastPosition(output.hiddenStates));
    } else {
      const output = model.forward(inputs);
      keepCache(output.pastKeyValues);
      last = lastPosition(output.logits);
    }
    return tf.reshape(last, [last.shape[0], last.shape[2]]) as tf.Tensor2D;
  });
  return cache ? { logits, cache } : { logits };
}

function lastPosition(values: tf.Tensor3D): tf.Tensor3D {
  const [batch, time, width] = values.shape;
  return tf.slice(values, [0, time - 1, 0], [batch, 1, width]);
}
