import * as tf from '@tensorflow/tfjs-core';

/** Added to the scores of masked keys: large enough to vanish in softmax, finite so no NaN. */
const maskedScore = -1e9;

/**
 * Positions and the additive attention bias of a step: positions are `max(cumsum(mask) - 1, 0)`
 * for the last `time` columns (so left-padded prompts get the positions of unpadded ones), and the
 * bias is 0 where query `i` may attend key `j` (the key is not padding and `j <= past + i`),
 * `-1e9` elsewhere.
 *
 * @param mask - `[batch, past + time]` with 1 for real tokens, 0 for padding.
 * @param time - Number of new positions.
 * @returns `positions` `[batch, time]` float32 and `bias` `[batch, 1, time, past + time]`.
 */
export function attentionBias(
  mask: tf.Tensor2D,
  time: number,
): { positions: tf.Tensor2D; bias: tf.Tensor4D } {
  return tf.tidy(() => {
    const [batch, total] = mask.shape;
    const past = total - time;
    const keys = tf.cast(mask, 'float32');
    const cumulative = tf.maximum(tf.sub(tf.cumsum(keys, 1), 1), 0);
    const positions = tf.slice(cumulative, [0, past], [batch, time]) as tf.Tensor2D;
    const causal = new Float32Array(time * total);
    for (let i = 0; i < time; i++) causal.fill(1, i * total, i * total + past + i + 1);
    const allowed = tf.mul(
      tf.reshape(keys, [batch, 1, 1, total]),
      tf.tensor4d(causal, [1, 1, time, total]),
    );
    const bias = tf.mul(tf.sub(1, allowed), maskedScore) as tf.Tensor4D;
    return { positions, bias };
  });
}
