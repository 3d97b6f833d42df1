import { invalidArgument, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireTemperature } from './shared-checks.js';

/**
 * Options of {@link tokenLogProbs}.
 *
 * @category Log-probabilities
 */
export interface TokenLogProbsOptions {
  /**
   * Sampling temperature: logits are divided by it before the log-softmax, as TRL, verl and
   * OpenRLHF do, so the log-probabilities match the distribution that was sampled.
   *
   * @defaultValue `1`
   */
  temperature?: number;
}

/**
 * Log-probability of each target token: `log_softmax(logits / temperature)` gathered at
 * `targetIds`. The forward pass gathers (no one-hot of the vocabulary); the gradient with respect
 * to `logits` is written by hand (`(onehot − softmax) / temperature`, the one-hot built by
 * comparing with a range), so it also works on backends without a gather gradient kernel
 * (tfjs-wasm lacks `UnsortedSegmentSum`).
 *
 * @param logits - Float tensor `[..., vocab]`, e.g. `[batch, time, vocab]`.
 * @param targetIds - Integer token ids of shape `logits.shape` without the last axis (tensor or nested array).
 * @param options - The temperature.
 * @returns Float32 tensor of shape `logits.shape.slice(0, -1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { tokenLogProbs } from '@r1kit/grpo';
 * const logits = tf.tensor3d([[[2, 1, 0], [0, 0, 3]]]); // [1, 2, 3]
 * const logp = tokenLogProbs(logits, [[0, 2]], { temperature: 1 }); // [[-0.4076, -0.0949]]
 * ```
 *
 * @category Log-probabilities
 */
export function tokenLogProbs(
  logits: tf.Tensor,
  targetIds: tf.Tensor | number[] | number[][],
  options: TokenLogProbsOptions = {},
): tf.Tensor {
  const name = 'tokenLogProbs';
  requireTensor({ functionName: name, argument: 'logits', value: logits });
  if (logits.rank < 2) {
    throw invalidArgument({
      functionName: name,
      argument: 'logits',
      received: logits,
      expected: 'a tensor of rank >= 2 ([..., vocab])',
      code: 'SHAPE_MISMATCH',
    });
  }
  const temperature = requireTemperature(name, options.temperature);
  const outShape = logits.shape.slice(0, -1);
  const vocab = logits.shape[logits.rank - 1]!;
  const count = outShape.reduce((a, b) => a * b, 1);
  const ids = readTargets(targetIds, outShape, vocab, name);
  return tf.tidy(() => {
    const flatLogits = tf.reshape(logits, [count, vocab]);
    const scaled = temperature === 1 ? flatLogits : tf.div(flatLogits, temperature);
    const pairs = new Int32Array(2 * count);
    ids.forEach((id, row) => {
      pairs[2 * row] = row;
      pairs[2 * row + 1] = id;
    });
    const targets = tf.tensor1d(ids, 'int32');
    const positions = tf.tensor2d(pairs, [count, 2], 'int32');
    return tf.reshape(gatherLogSoftmax(scaled as tf.Tensor2D, targets, positions), outShape);
  });
}

/** log_softmax(x)[i, targets[i]] with a hand-written gradient (no gather gradient needed). */
function gatherLogSoftmax(
  x: tf.Tensor2D,
  targets: tf.Tensor1D,
  positions: tf.Tensor2D,
): tf.Tensor1D {
  const [count, vocab] = x.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor2D;
    (args[1] as tf.GradSaveFunc)([input, targets]);
    const logNormalizer = tf.logSumExp(input, 1);
    const picked = tf.gatherND(input, positions) as tf.Tensor1D;
    return {
      value: tf.sub(picked, logNormalizer),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedTargets] = saved as [tf.Tensor2D, tf.Tensor1D];
        const columns = tf.reshape(tf.range(0, vocab, 1, 'int32'), [1, vocab]);
        const rows = tf.reshape(savedTargets, [count, 1]);
        const hits = tf.cast(tf.equal(columns, rows), 'float32');
        return tf.mul(tf.reshape(dy, [count, 1]), tf.sub(hits, tf.softmax(savedInput)));
      },
    };
  });
  return op(x) as tf.Tensor1D;
}

function readTargets(
  targetIds: unknown,
  shape: number[],
  vocab: number,
  functionName: string,
): Int32Array {
  let values: ArrayLike<number>;
  let received: number[];
  if (targetIds instanceof tf.Tensor) {
    requireTensor({ functionName, argument: 'targetIds', value: targetIds });
    values = targetIds.dataSync() as ArrayLike<number>;
    received = targetIds.shape;
  } else if (Array.isArray(targetIds)) {
    const flat = (targetIds as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
    values = flat;
    received = Array.isArray(targetIds[0])
      ? [targetIds.length, targetIds[0].length]
      : [flat.length];
    if (received.length === 2 && received[0]! * received[1]! !== flat.length) received = [-1];
  } else {
    throw invalidArgument({
      functionName,
      argument: 'targetIds',
      received: targetIds,
      expected: `a tensor or nested array of integer ids with shape [${shape.join(', ')}]`,
    });
  }
  const same = received.length === shape.length && received.every((s, i) => s === shape[i]);
  if (!same) {
    throw invalidArgument({
      functionName,
      argument: 'targetIds',
      received: targetIds,
      expected: `shape [${shape.join(', ')}] (logits.shape without the vocab axis)`,
      code: 'SHAPE_MISMATCH',
    });
  }
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const id = values[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= vocab) {
      throw invalidArgument({
        functionName,
        argument: `targetIds (flat index ${i})`,
        received: id,
        expected: `an integer token id in [0, ${vocab})`,
      });
    }
    ids[i] = id;
  }
  return ids;
}
