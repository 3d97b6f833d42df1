import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { denseRows } from './dense-rows.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link logitBiasProcessor}.
 *
 * @category Processors
 */
export interface LogitBiasOptions {
  /**
   * Amount added to the logit of each listed token id, for every row (as OpenAI's `logit_bias`).
   * Values must be finite or `-Infinity` (which bans the token).
   */
  bias: Readonly<Record<number, number>> | ReadonlyMap<number, number>;
}

/**
 * Adds a fixed bias to the logits of chosen tokens.
 *
 * @param options - The bias per token id.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { logitBiasProcessor } from '@r1kit/sampling';
 * const bias = logitBiasProcessor({ bias: { 42: 2, 7: -Infinity } });
 * ```
 *
 * @category Processors
 */
export function logitBiasProcessor(options: LogitBiasOptions): LogitsProcessor {
  const source = options?.bias;
  const entries =
    source instanceof Map
      ? [...source.entries()]
      : typeof source === 'object' && source !== null
        ? Object.entries(source).map(([id, value]) => [Number(id), value] as [number, number])
        : undefined;
  const valid = entries?.every(
    ([id, value]) =>
      Number.isInteger(id) &&
      id >= 0 &&
      typeof value === 'number' &&
      (Number.isFinite(value) || value === -Infinity),
  );
  if (!entries || !valid) {
    throw invalidArgument({
      functionName: 'logitBiasProcessor',
      argument: 'options.bias',
      received: source,
      expected:
        'a record or Map from non-negative integer token ids to finite numbers or -Infinity',
    });
  }
  const finite = new Map(entries.filter(([, value]) => Number.isFinite(value)));
  const banned = new Map(entries.filter(([, value]) => value === -Infinity).map(([id]) => [id, 1]));
  return {
    name: 'logit-bias',
    process: (logits) => {
      const [batch, vocabSize] = logits.shape;
      const rowsOf = (row: Map<number, number>) => Array.from({ length: batch }, () => row);
      const biased: tf.Tensor2D = tf.add(
        logits,
        denseRows(rowsOf(finite), vocabSize, 'logitBiasProcessor'),
      );
      if (banned.size === 0) return biased;
      const bannedMask = denseRows(rowsOf(banned), vocabSize, 'logitBiasProcessor');
      return tf.where(
        tf.greater(bannedMask, 0),
        tf.fill(logits.shape, -Infinity),
        biased,
      ) as tf.Tensor2D;
    },
  };
}
