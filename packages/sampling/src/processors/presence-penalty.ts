import { requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { countTokens, denseRows } from './dense-rows.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link presencePenaltyProcessor}.
 *
 * @category Processors
 */
export interface PresencePenaltyOptions {
  /** Amount subtracted once from the logit of every token already generated; finite. */
  presencePenalty: number;
}

/**
 * The OpenAI presence penalty: `logit - presencePenalty` for every token that occurs in the
 * completion so far (prompt tokens are not counted). Negative values encourage repeats.
 *
 * @param options - The penalty.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { presencePenaltyProcessor } from '@r1kit/sampling';
 * const presence = presencePenaltyProcessor({ presencePenalty: 0.5 });
 * ```
 *
 * @category Processors
 */
export function presencePenaltyProcessor(options: PresencePenaltyOptions): LogitsProcessor {
  const presencePenalty = requireNumber({
    functionName: 'presencePenaltyProcessor',
    argument: 'options.presencePenalty',
    value: options?.presencePenalty,
  });
  return {
    name: 'presence-penalty',
    process: (logits, context) => {
      const present = countTokens(context.completionIds).map(
        (counts) => new Map([...counts.keys()].map((id) => [id, presencePenalty])),
      );
      return tf.sub(logits, denseRows(present, logits.shape[1], 'presencePenaltyProcessor'));
    },
  };
}
