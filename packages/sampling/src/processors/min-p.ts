import { requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link minPProcessor}.
 *
 * @category Processors
 */
export interface MinPOptions {
  /** Fraction of the top probability a token needs to be kept, in `[0, 1]`; 0 keeps all. */
  minP: number;
}

/**
 * Min-p sampling: keeps the tokens whose probability is at least `minP` times the probability
 * of the most likely token of the row (computed in log space as
 * `logit - max(logits) >= log(minP)`), and sets the rest to `-Infinity`.
 *
 * @param options - The relative threshold.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { minPProcessor } from '@r1kit/sampling';
 * const minP = minPProcessor({ minP: 0.05 });
 * ```
 *
 * @category Processors
 */
export function minPProcessor(options: MinPOptions): LogitsProcessor {
  const minP = requireNumber({
    functionName: 'minPProcessor',
    argument: 'options.minP',
    value: options?.minP,
    min: 0,
    max: 1,
    expected: 'a number in [0, 1]',
  });
  return {
    name: 'min-p',
    process: (logits) => {
      if (minP === 0) return logits;
      const gap = tf.sub(logits, tf.max(logits, 1, true));
      return tf.where(tf.less(gap, Math.log(minP)), tf.fill(logits.shape, -Infinity), logits);
    },
  };
}
