import { requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { countTokens, denseRows } from './dense-rows.js';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link repetitionPenaltyProcessor}.
 *
 * @category Processors
 */
export interface RepetitionPenaltyOptions {
  /** Penalty factor, finite and positive; above 1 discourages repeats, 1 does nothing. */
  penalty: number;
}

/**
 * The CTRL / Hugging Face repetition penalty: for every token that already occurs in the row
 * (prompt or completion), a positive logit is divided by `penalty` and a negative one is
 * multiplied by it. Tokens are penalised once however often they occur.
 *
 * @param options - The penalty factor.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { repetitionPenaltyProcessor } from '@r1kit/sampling';
 * const noRepeats = repetitionPenaltyProcessor({ penalty: 1.2 });
 * ```
 *
 * @category Processors
 */
export function repetitionPenaltyProcessor(options: RepetitionPenaltyOptions): LogitsProcessor {
  const penalty = requireNumber({
    functionName: 'repetitionPenaltyProcessor',
    argument: 'options.penalty',
    value: options?.penalty,
    min: 0,
    exclusiveMin: true,
  });
  return {
    name: 'repetition-penalty',
    process: (logits, context) => {
      if (penalty === 1) return logits;
      const rows = context.promptIds.map((prompt, r) => [...prompt, ...context.completionIds[r]!]);
      const seen = denseRows(countTokens(rows), logits.shape[1], 'repetitionPenaltyProcessor');
      const penalised = tf.where(
        tf.greater(logits, 0),
        tf.div(logits, penalty),
        tf.mul(logits, penalty),
      );
      return tf.where(tf.greater(seen, 0), penalised, logits) as tf.Tensor2D;
    },
  };
}
