import { requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link topPProcessor}.
 *
 * @category Processors
 */
export interface TopPOptions {
  /** Probability mass to keep, in `(0, 1]`; 1 keeps every token. */
  topP: number;
}

/**
 * Nucleus sampling: keeps, per row, the smallest set of most probable tokens whose probability
 * (softmax of the incoming logits) sums to at least `topP`, and sets the rest to `-Infinity`.
 * A token is kept when the mass of the tokens strictly more probable than it is below `topP`,
 * so the most probable token is always kept; tokens tied with the last kept one are kept too.
 *
 * @param options - The probability mass.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { topPProcessor } from '@r1kit/sampling';
 * const nucleus = topPProcessor({ topP: 0.95 });
 * ```
 *
 * @category Processors
 */
export function topPProcessor(options: TopPOptions): LogitsProcessor {
  const topP = requireNumber({
    functionName: 'topPProcessor',
    argument: 'options.topP',
    value: options?.topP,
    min: 0,
    exclusiveMin: true,
    max: 1,
    expected: 'a number in (0, 1]',
  });
  return {
    name: 'top-p',
    process: (logits) => {
      if (topP >= 1) return logits;
      const sorted = tf.topk(logits, logits.shape[1]).values;
      const probabilities = tf.softmax(sorted);
      const massBefore = tf.sub(tf.cumsum(probabilities, 1), probabilities);
      const kept = tf.less(massBefore, topP);
      const threshold = tf.min(tf.where(kept, sorted, tf.fill(sorted.shape, Infinity)), 1, true);
      return tf.where(tf.less(logits, threshold), tf.fill(logits.shape, -Infinity), logits);
    },
  };
}
