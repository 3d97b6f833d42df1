import { requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { countTokens, denseRows } from './dense-rows.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link frequencyPenaltyProcessor}.
 *
 * @category Processors
 */
export interface FrequencyPenaltyOptions {
  /** Amount subtracted per occurrence of a token in the completion so far; finite. */
  frequencyPenalty: number;
}

/**
 * The OpenAI frequency penalty: `logit - frequencyPenalty * count` where `count` is how often
 * the token occurs in the completion so far (prompt tokens are not counted).
 *
 * @param options - The penalty per occurrence.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { frequencyPenaltyProcessor } from '@r1kit/sampling';
 * const frequency = frequencyPenaltyProcessor({ frequencyPenalty: 0.3 });
 * ```
 *
 * @category Processors
 */
export function frequencyPenaltyProcessor(options: FrequencyPenaltyOptions): LogitsProcessor {
  const frequencyPenalty = requireNumber({
    functionName: 'frequencyPenaltyProcessor',
    argument: 'options.frequencyPenalty',
    value: options?.frequencyPenalty,
  });
  return {
    name: 'frequency-penalty',
    process: (logits, context) => {
      const counts = denseRows(
        countTokens(context.completionIds),
        logits.shape[1],
        'frequencyPenaltyProcessor',
      );
      return tf.sub(logits, tf.mul(counts, frequencyPenalty));
    },
  };
}
