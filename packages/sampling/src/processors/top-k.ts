import { requireInteger } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link topKProcessor}.
 *
 * @category Processors
 */
export interface TopKOptions {
  /** How many of the highest logits to keep per row; a positive integer. */
  topK: number;
}

/**
 * Keeps the `topK` highest logits of each row and sets the rest to `-Infinity`. Tokens tied
 * with the k-th highest logit are all kept. A `topK` at or above the vocabulary size keeps all.
 *
 * @param options - The number of tokens to keep.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { topKProcessor } from '@r1kit/sampling';
 * const keepFifty = topKProcessor({ topK: 50 });
 * ```
 *
 * @category Processors
 */
export function topKProcessor(options: TopKOptions): LogitsProcessor {
  const topK = requireInteger({
    functionName: 'topKProcessor',
    argument: 'options.topK',
    value: options?.topK,
    min: 1,
    expected: 'an integer >= 1',
  });
  return {
    name: 'top-k',
    process: (logits) => {
      const [batch, vocabSize] = logits.shape;
      if (topK >= vocabSize) return logits;
      const kth = tf.slice(tf.topk(logits, topK).values, [0, topK - 1], [batch, 1]);
      return tf.where(tf.less(logits, kth), tf.fill(logits.shape, -Infinity), logits);
    },
  };
}
