import * as tf from '@tensorflow/tfjs-core';

/**
 * Sums the rows of `gradient` into a `[vocab, hidden]` matrix at the given ids. The native
 * `tensorflow` backend uses its `UnsortedSegmentSum` kernel; elsewhere the rows are accumulated
 * in JavaScript in one pass over the gradient: wasm has no such kernel, and the cpu kernel builds
 * one mask per vocabulary entry (`O(vocab * rows * hidden)`, 79 s for a step of a 8192-token
 * vocabulary against milliseconds here).
 */
function scatterRows(gradient: tf.Tensor2D, ids: tf.Tensor1D, vocab: number): tf.Tensor2D {
  if (tf.getBackend() === 'tensorflow') {
    return tf.unsortedSegmentSum(gradient, ids, vocab);
  }
  const hidden = gradient.shape[1];
  const rows = gradient.dataSync();
  const indices = ids.dataSync();
  const out = new Float32Array(vocab * hidden);
  for (let r = 0; r < indices.length; r++) {
    const base = indices[r]! * hidden;
    const from = r * hidden;
    for (let h = 0; h < hidden; h++) out[base + h]! += rows[from + h]!;
  }
  return tf.tensor2d(out, [vocab, hidden]);
}

/**
 * Looks up rows of an embedding table (`gather(table, ids)`) with a gradient that works, and is
 * fast, on every backend: the gradient of `gather` needs `UnsortedSegmentSum`, which the wasm
 * backend lacks and the cpu backend computes in `O(vocab * rows * hidden)`, so this op supplies
 * its own.
 *
 * @param table - `[vocab, hidden]` embedding matrix.
 * @param ids - `[batch, time]` int32 ids, already checked to lie in `[0, vocab)`.
 * @returns `[batch, time, hidden]` embeddings.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [batch, time] = ids.shape;
  const [vocab, hidden] = table.shape;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const weights = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    const flatIds = tf.reshape(ids, [batch * time]) as tf.Tensor1D;
    save([flatIds]);
    return {
      value: tf.gather(weights, flatIds),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        scatterRows(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, vocab),
    };
  });
  return tf.tidy(() => tf.reshape(lookup(table), [batch, time, hidden]) as tf.Tensor3D);
}
