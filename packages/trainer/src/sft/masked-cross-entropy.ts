import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Options of {@link maskedCrossEntropy}.
 *
 * @category SFT
 */
export interface MaskedCrossEntropyOptions {
  /**
   * What the masked sum of token losses is divided by. Pass the token count of the whole
   * accumulated batch so that gradient accumulation gives exactly the full-batch token mean.
   *
   * @defaultValue the number of masked-in tokens of this call (at least 1)
   */
  normalizer?: number;
}

/**
 * Token-level cross-entropy `-log softmax(logits)[target]`, summed over the positions where `mask`
 * is 1 and divided by the normalizer (a token mean by default). Logits and targets are already
 * aligned: `logits[b, t]` predicts `targets[b, t]`.
 *
 * @param logits - `[batch, time, vocab]` float logits.
 * @param targets - `[batch, time]` int32 token ids.
 * @param mask - `[batch, time]` 1 where the token counts (completion tokens), else 0.
 * @param options - Normalizer.
 * @returns A scalar loss tensor (call inside `tf.tidy` or `tf.variableGrads`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { maskedCrossEntropy } from '@r1kit/trainer';
 * const loss = maskedCrossEntropy(
 *   tf.zeros([1, 2, 4]),
 *   tf.tensor2d([[1, 2]], [1, 2], 'int32'),
 *   tf.tensor2d([[0, 1]]),
 * ); // log(4)
 * ```
 *
 * @category SFT
 */
export function maskedCrossEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  mask: tf.Tensor2D,
  options: MaskedCrossEntropyOptions = {},
): tf.Scalar {
  const name = 'maskedCrossEntropy';
  if (logits.rank !== 3) {
    throw invalidArgument({
      functionName: name,
      argument: 'logits',
      received: logits,
      expected: 'a rank-3 tensor [batch, time, vocab]',
      code: 'SHAPE_MISMATCH',
    });
  }
  const [batch, time, vocab] = logits.shape;
  for (const [argument, tensor] of [
    ['targets', targets],
    ['mask', mask],
  ] as const) {
    if (tensor.rank !== 2 || tensor.shape[0] !== batch || tensor.shape[1] !== time) {
      throw invalidArgument({
        functionName: name,
        argument,
        received: tensor,
        expected: `a tensor of shape [${batch}, ${time}] matching logits`,
        code: 'SHAPE_MISMATCH',
      });
    }
  }
  const normalizer = options.normalizer;
  if (normalizer !== undefined && !(Number.isFinite(normalizer) && normalizer > 0)) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.normalizer',
      received: normalizer,
      expected: 'a finite number > 0',
    });
  }
  return tf.tidy(() => {
    const logProbabilities = tf.logSoftmax(logits);
    const picked = tf.sum(
      tf.mul(logProbabilities, tf.oneHot(tf.cast(targets, 'int32'), vocab)),
      -1,
    );
    const weights = tf.cast(mask, 'float32');
    const total = tf.neg(tf.sum(tf.mul(picked, weights)));
    const divisor = normalizer === undefined ? tf.maximum(tf.sum(weights), 1) : normalizer;
    return tf.div(total, divisor) as tf.Scalar;
  });
}
