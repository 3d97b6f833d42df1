import * as tf from '@tensorflow/tfjs-core';
import { tapeEngine } from '../autodiff/tape-engine.js';
import type { OutputHead } from '../types.js';

/**
 * Options of {@link chunkedHeadLogProbs}.
 *
 * @category Log-probabilities
 */
export interface ChunkedHeadLogProbsOptions {
  /**
   * Positions (per row) whose `[rows, chunk, vocab]` logits exist at once, in the forward and in
   * the backward pass.
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Sampling temperature: logits are divided by it before the log-softmax.
   *
   * @defaultValue 1
   */
  temperature?: number;
}

/**
 * Per-token log-probabilities and entropies of the sampling distribution (TRL's
 * `_get_per_token_logps_and_entropies`).
 *
 * @category Log-probabilities
 */
export interface LogProbsAndEntropy {
  /** `[rows, positions]` log-probabilities of the targets. */
  logp: tf.Tensor2D;
  /** `[rows, positions]` entropies of `softmax(logits / temperature)`. */
  entropy: tf.Tensor2D;
}

/** `[count, hidden] -> [count, vocab]` logits with plain (untransposed) products only. */
function headLogits(states: tf.Tensor2D, head: OutputHead): tf.Tensor2D {
  // wasm's transposed matMul kernels are several times slower than plain ones, and transposing
  // the head would copy the whole [vocab, hidden] matrix: transpose the small operand instead.
  if (!head.vocabMajor) return tf.matMul(states, head.weight);
  return tf.transpose(tf.matMul(head.weight, tf.transpose(states))) as tf.Tensor2D;
}

/** `values[i, targets[i]]` for each row, through a flat gather (tfjs-wasm's batched one is unsafe). */
function pickTargets(values: tf.Tensor, targets: tf.Tensor1D): tf.Tensor1D {
  const [count, vocab] = values.shape;
  const flatIndex = tf.add(
    tf.mul(tf.range(0, count, 1, 'int32'), tf.scalar(vocab, 'int32')),
    targets,
  );
  return tf.gather(tf.reshape(values, [-1]), flatIndex) as tf.Tensor1D;
}

/**
 * Log-softmax at `targets` of `logits / temperature` (without a batched gather) and, with
 * `entropy`, the entropy of each row: `[count, 1]` or `[count, 2]`.
 */
function chunkStatistics(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  temperature: number,
  entropy: boolean,
): tf.Tensor2D {
  const [count] = logits.shape;
  const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
  const picked = pickTargets(scaled, targets);
  const normalizer = tf.logSumExp(scaled, 1);
  const logp = tf.reshape(tf.sub(picked, normalizer), [count, 1]);
  if (!entropy) return logp as tf.Tensor2D;
  // H = logsumexp(z) - sum softmax(z) z
  const expected = tf.sum(tf.mul(tf.softmax(scaled), scaled), 1);
  return tf.concat([logp, tf.reshape(tf.sub(normalizer, expected), [count, 1])], 1) as tf.Tensor2D;
}

/**
 * Log-probabilities of one chunk's targets and their gradient with respect to the hidden states,
 * for a frozen head: `d logp / d h = (W[target] - softmax(z) W) / T`. The backward pass then
 * only scales these rows by the upstream gradient, so no chunk's logits are computed twice.
 */
function chunkLogProbsAndDirection(
  flat: tf.Tensor2D,
  targets: tf.Tensor1D,
  head: OutputHead,
  temperature: number,
): [tf.Tensor2D, tf.Tensor2D] {
  const logits = headLogits(flat, head);
  const [count] = logits.shape;
  const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
  const picked = pickTargets(scaled, targets);
  // One exponential of the chunk serves both the normalizer and the probabilities.
  const peak = tf.max(scaled, 1, true);
  const exponentials = tf.exp(tf.sub(scaled, peak));
  const total = tf.sum(exponentials, 1, true);
  const normalizer = tf.add(peak, tf.log(total));
  const logp = tf.sub(tf.reshape(picked, [count, 1]), normalizer) as tf.Tensor2D;
  const probs = tf.div(exponentials, total) as tf.Tensor2D;
  // Same untransposed products as headLogits: vocab-major W [V, H] gives p W and W[target];
  // hidden-major W [H, V] gives (W p^T)^T and W[:, target]^T.
  const expected = head.vocabMajor
    ? tf.matMul(probs, head.weight)
    : tf.transpose(tf.matMul(head.weight, tf.transpose(probs)));
  const targetRows = head.vocabMajor
    ? tf.gather(head.weight, targets)
    : tf.transpose(tf.gather(head.weight, targets, 1));
  const direction = tf.sub(targetRows, expected);
  return [logp, (temperature === 1 ? direction : tf.div(direction, temperature)) as tf.Tensor2D];
}

/**
 * `d loss / d logits` of one chunk, with `z = logits / T` and `p = softmax(z)`:
 * `(dLogp (onehot(target) - p) - dEntropy p (log p + H)) / T`.
 */
function logitsGradient(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  dy: tf.Tensor2D,
  temperature: number,
): tf.Tensor2D {
  const [count, vocab] = logits.shape;
  const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
  // int32 then cast: tfjs-wasm's OneHot writes int32 bits whatever dtype it is asked for.
  const hits = tf.cast(tf.oneHot(targets, vocab), 'float32');
  const logProbs = tf.logSoftmax(scaled);
  const probs = tf.exp(logProbs);
  const dLogp = tf.slice(dy, [0, 0], [count, 1]);
  let gradient = tf.mul(dLogp, tf.sub(hits, probs));
  if (dy.shape[1] === 2) {
    const dEntropy = tf.slice(dy, [0, 1], [count, 1]);
    const entropy = tf.neg(tf.sum(tf.mul(probs, logProbs), 1, true));
    gradient = tf.sub(gradient, tf.mul(dEntropy, tf.mul(probs, tf.add(logProbs, entropy))));
  }
  return (temperature === 1 ? gradient : tf.div(gradient, temperature)) as tf.Tensor2D;
}

/**
 * Log-probability of each target token under an output head, computed `chunkSize` positions at a
 * time with a custom gradient: the forward pass keeps no `[rows, chunk, vocab]` tensor, and the
 * backward pass recomputes each chunk's logits from the saved hidden states, so the head's peak
 * memory grows with the chunk, not with the sequence length. The gradient reaches `hidden` and,
 * when the head weight is trainable (not a frozen `tf.Variable`), the head weight; a frozen head
 * is a constant of the op and gets no gradient work at all. With a frozen head under a gradient
 * tape, each chunk's `d logp / d hidden = (W[target] - softmax W) / T` is computed in the
 * forward pass from the logits at hand and kept (as large as the hidden states), so the head
 * runs two products per chunk instead of three.
 *
 * @param hidden - `[rows, positions, hiddenSize]` final hidden states of the scored positions.
 * @param targets - `[rows, positions]` int32 target ids.
 * @param head - The output head weight and its layout.
 * @param options - Chunk size and temperature.
 * @returns `[rows, positions]` float32 log-probabilities.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { chunkedHeadLogProbs } from '@r1kit/lm';
 * const hidden = tf.randomNormal([2, 5, 8]) as tf.Tensor3D;
 * const head = { weight: tf.randomNormal([11, 8]) as tf.Tensor2D, vocabMajor: true };
 * const targets = tf.zeros([2, 5], 'int32') as tf.Tensor2D;
 * const logp = chunkedHeadLogProbs(hidden, targets, head, { chunkSize: 2 }); // shape [2, 5]

 * ```
 *
 * @category Log-probabilities
 */
export function chunkedHeadLogProbs(
  hidden: tf.Tensor3D,
  targets: tf.Tensor2D,
  head: OutputHead,
  options: ChunkedHeadLogProbsOptions = {},
): tf.Tensor2D {
  return tf.tidy(() => {
    const both = chunkedHead(hidden, targets, head, options, false);
    return tf.reshape(both, [both.shape[0], both.shape[1]]) as tf.Tensor2D;
  });
}

/**
 * {@link chunkedHeadLogProbs} that also returns the entropy of each position's sampling
 * distribution, from the same chunks and with the same recomputing gradient (both outputs are
 * differentiable, so an entropy bonus trains through it).
 *
 * @param hidden - `[rows, positions, hiddenSize]` final hidden states of the scored positions.
 * @param targets - `[rows, positions]` int32 target ids.
 * @param head - The output head weight and its layout.
 * @param options - Chunk size and temperature.
 * @returns Log-probabilities and entropies, each `[rows, positions]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { chunkedHeadLogProbsAndEntropy } from '@r1kit/lm';
 * const hidden = tf.randomNormal([2, 5, 8]) as tf.Tensor3D;
 * const head = { weight: tf.zeros([11, 8]) as tf.Tensor2D, vocabMajor: true };
 * const targets = tf.zeros([2, 5], 'int32') as tf.Tensor2D;
 * const { logp, entropy } = chunkedHeadLogProbsAndEntropy(hidden, targets, head);
 * // A zero head makes all 11 tokens equally likely: logp -log(11) = -2.398, entropy 2.398.

 * ```
 *
 * @category Log-probabilities
 */
export function chunkedHeadLogProbsAndEntropy(
  hidden: tf.Tensor3D,
  targets: tf.Tensor2D,
  head: OutputHead,
  options: ChunkedHeadLogProbsOptions = {},
): LogProbsAndEntropy {
  return tf.tidy(() => {
    const both = chunkedHead(hidden, targets, head, options, true);
    const [rows, positions] = both.shape;
    const [logp, entropy] = tf.split(both, 2, 2).map((part) => tf.reshape(part, [rows, positions]));
    return { logp: logp as tf.Tensor2D, entropy: entropy as tf.Tensor2D };
  });
}

/** Consecutive chunks of `chunkSize` positions (the last one shorter) covering `positions`. */
function positionChunks(
  positions: number,
  chunkSize: number,
): Array<{ start: number; size: number }> {
  const chunks: Array<{ start: number; size: number }> = [];
  for (let start = 0; start < positions; start += chunkSize) {
    chunks.push({ start, size: Math.min(chunkSize, positions - start) });
  }
  return chunks;
}

/** Hidden states and targets of one chunk, flattened to `[rows * size, ...]`. */
function chunkInputs(
  states: tf.Tensor3D,
  ids: tf.Tensor2D,
  chunk: { start: number; size: number },
): [tf.Tensor2D, tf.Tensor1D] {
  const [rows, , width] = states.shape;
  return [
    tf.reshape(tf.slice(states, [0, chunk.start, 0], [rows, chunk.size, width]), [
      rows * chunk.size,
      width,
    ]),
    tf.reshape(tf.slice(ids, [0, chunk.start], [rows, chunk.size]), [rows * chunk.size]),
  ];
}

/** The custom-gradient op: `[rows, positions, 1]` log-probs, or `[rows, positions, 2]` with entropies. */
function chunkedHead(
  hidden: tf.Tensor3D,
  targets: tf.Tensor2D,
  head: OutputHead,
  options: ChunkedHeadLogProbsOptions,
  entropy: boolean,
): tf.Tensor3D {
  const chunkSize = options.chunkSize ?? 64;
  const outputs = entropy ? 2 : 1;
  const temperature = options.temperature ?? 1;
  const [rows, positions, width] = hidden.shape;
  const trainableHead = !(head.weight instanceof tf.Variable) || head.weight.trainable;
  if (!trainableHead && !entropy && tapeEngine().state.gradientDepth > 0) {
    return frozenHeadLogProbs(hidden, targets, head, chunkSize, temperature);
  }
  const chunks = positionChunks(positions, chunkSize);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const states = args[0] as tf.Tensor3D;
    const weight = trainableHead ? (args[1] as tf.Tensor2D) : head.weight;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    save([states, targets]);
    const parts = chunks.map((chunk) =>
      tf.tidy(() => {
        const [flat, ids] = chunkInputs(states, targets, chunk);
        const logits = headLogits(flat, { weight, vocabMajor: head.vocabMajor });
        return tf.reshape(chunkStatistics(logits, ids, temperature, entropy), [
          rows,
          chunk.size,
          outputs,
        ]);
      }),
    );
    const value = parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedStates, savedTargets] = saved as [tf.Tensor3D, tf.Tensor2D];
        const upstream = dy as tf.Tensor3D;
        let weightGradient: tf.Tensor | undefined;
        const hiddenParts: tf.Tensor[] = [];
        for (const chunk of chunks) {
          const [part, nextWeightGradient] = tf.tidy(() => {
            const [flat, ids] = chunkInputs(savedStates, savedTargets, chunk);
            const chunkDy = tf.reshape(
              tf.slice(upstream, [0, chunk.start, 0], [rows, chunk.size, outputs]),
              [rows * chunk.size, outputs],
            ) as tf.Tensor2D;
            const logits = headLogits(flat, { weight, vocabMajor: head.vocabMajor });
            const dLogits = logitsGradient(logits, ids, chunkDy, temperature);
            // vocab-major W [V, H]: d flat = dL W, dW = dL^T flat; hidden-major W [H, V]:
            // d flat = (W dL^T)^T, dW = flat^T dL. Only untransposed products (see headLogits).
            const dFlat = head.vocabMajor
              ? tf.matMul(dLogits, weight)
              : tf.transpose(tf.matMul(weight, tf.transpose(dLogits)));
            const dHidden = tf.reshape(dFlat, [rows, chunk.size, width]);
            if (!trainableHead) return [dHidden, undefined] as const;
            const dWeight = head.vocabMajor
              ? tf.matMul(tf.transpose(dLogits), flat)
              : tf.matMul(tf.transpose(flat), dLogits);
            return [
              dHidden,
              weightGradient === undefined ? dWeight : tf.add(weightGradient, dWeight),
            ] as const;
          });
          weightGradient?.dispose();
          weightGradient = nextWeightGradient;
          hiddenParts.push(part);
        }
        const dStates = hiddenParts.length === 1 ? hiddenParts[0]! : tf.concat(hiddenParts, 1);
        if (hiddenParts.length > 1) tf.dispose(hiddenParts);
        return trainableHead ? [dStates, weightGradient!] : [dStates];
      },
    };
  });
  return (trainableHead ? op(hidden, head.weight) : op(hidden)) as tf.Tensor3D;
}

/**
 * {@link chunkedHead} for log-probs under a frozen head while a gradient tape records: each
 * chunk's `d logp / d hidden` is computed in the forward pass from the logits it already has
 * (one `[count, vocab] x [vocab, hidden]` product, the one the backward pass would otherwise run
 * after recomputing the logits) and kept, `[rows, positions, hidden]` like the hidden states the
 * recomputing route keeps. The gradient is the same; the head's products per step fall from
 * three to two.
 */
function frozenHeadLogProbs(
  hidden: tf.Tensor3D,
  targets: tf.Tensor2D,
  head: OutputHead,
  chunkSize: number,
  temperature: number,
): tf.Tensor3D {
  const [rows, positions, width] = hidden.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const states = args[0] as tf.Tensor3D;
    const save = args[1] as tf.GradSaveFunc;
    const logps: tf.Tensor[] = [];
    const directions: tf.Tensor[] = [];
    for (const chunk of positionChunks(positions, chunkSize)) {
      const { size } = chunk;
      const [logp, direction] = tf.tidy(() => {
        const [flat, ids] = chunkInputs(states, targets, chunk);
        const [chunkLogp, chunkDirection] = chunkLogProbsAndDirection(flat, ids, head, temperature);
        return [
          tf.reshape(chunkLogp, [rows, size, 1]),
          tf.reshape(chunkDirection, [rows, size, width]),
        ];
      });
      logps.push(logp);
      directions.push(direction);
    }
    const value = logps.length === 1 ? logps[0]! : tf.concat(logps, 1);
    const direction = directions.length === 1 ? directions[0]! : tf.concat(directions, 1);
    if (logps.length > 1) tf.dispose([...logps, ...directions]);
    save([direction]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
        tf.mul(dy as tf.Tensor, saved[0]!),
      ],
    };
  });
  return op(hidden) as tf.Tensor3D;
}
