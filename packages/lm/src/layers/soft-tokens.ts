import { invalidArgument, type SoftTokens } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Replaces the embeddings at placeholder positions by caller-supplied vectors. Row `b`'s `k`-th
 * placeholder (left to right) receives `softTokens.embeddings[b, k]`. The replacement is a
 * selection matrix product, so gradients reach the soft embeddings on every backend.
 *
 * @param embeddings - `[batch, time, hidden]` token embeddings.
 * @param inputIds - `[batch, time]` ids in which placeholders are marked.
 * @param softTokens - The placeholder id and the `[batch, count, hidden]` vectors.
 * @returns `[batch, time, hidden]` embeddings with the placeholders replaced.
 * @throws R1kitError `SHAPE_MISMATCH` when a row's placeholder count differs from `count`, or
 *   the batch or hidden size differ.
 */
export function replaceSoftTokens(
  embeddings: tf.Tensor3D,
  inputIds: tf.Tensor2D,
  softTokens: SoftTokens,
): tf.Tensor3D {
  const [batch, time, hidden] = embeddings.shape;
  const soft = softTokens.embeddings;
  const [softBatch, count, softHidden] = soft.shape;
  if (soft.rank !== 3 || softBatch !== batch || softHidden !== hidden) {
    throw invalidArgument({
      functionName: 'forward',
      argument: 'inputs.softTokens.embeddings',
      received: soft,
      expected: `a [${batch}, count, ${hidden}] tensor`,
      code: 'SHAPE_MISMATCH',
    });
  }
  const ids = inputIds.dataSync();
  const selection = new Float32Array(batch * time * batch * count);
  const keep = new Float32Array(batch * time).fill(1);
  for (let b = 0; b < batch; b++) {
    let k = 0;
    for (let t = 0; t < time; t++) {
      const row = b * time + t;
      if (ids[row] !== softTokens.placeholderTokenId) continue;
      if (k < count) selection[row * batch * count + b * count + k] = 1;
      keep[row] = 0;
      k++;
    }
    if (k !== count) {
      throw invalidArgument({
        functionName: 'forward',
        argument: `inputs.inputIds (row ${b}, placeholders of id ${softTokens.placeholderTokenId})`,
        received: k,
        expected: `exactly ${count} placeholders per row, one per soft token`,
        code: 'SHAPE_MISMATCH',
      });
    }
  }
  return tf.tidy(() => {
    const flat = tf.reshape(embeddings, [batch * time, hidden]);
    const chosen = tf.matMul(
      tf.tensor2d(selection, [batch * time, batch * count]),
      tf.reshape(soft, [batch * count, hidden]),
    );
    const kept = tf.mul(flat, tf.tensor2d(keep, [batch * time, 1]));
    return tf.reshape(tf.add(kept, chosen), [batch, time, hidden]) as tf.Tensor3D;
  });
}
