import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { denseRows } from './dense-rows.js';
import type { LogitsProcessor, LogitsProcessorContext } from './logits-processor.js';

/**
 * Options of {@link allowedTokensProcessor}.
 *
 * @category Processors
 */
export interface AllowedTokensOptions {
  /**
   * The token ids that may be sampled: one list for every row, or a function returning the
   * list for row `row` given the tokens so far (for grammars and state machines).
   */
  allowedTokenIds:
    | ReadonlyArray<number>
    | ((row: number, context: LogitsProcessorContext) => ReadonlyArray<number>);
}

/**
 * Masks every token that is not allowed to `-Infinity`.
 *
 * @param options - The allowed token ids.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { allowedTokensProcessor } from '@r1kit/sampling';
 * const digitsOnly = allowedTokensProcessor({ allowedTokenIds: [15, 16, 17, 18, 19] });
 * ```
 *
 * @category Processors
 */
export function allowedTokensProcessor(options: AllowedTokensOptions): LogitsProcessor {
  const allowed = options?.allowedTokenIds;
  if (typeof allowed !== 'function' && (!Array.isArray(allowed) || allowed.length === 0)) {
    throw invalidArgument({
      functionName: 'allowedTokensProcessor',
      argument: 'options.allowedTokenIds',
      received: allowed,
      expected: 'a non-empty array of token ids or a function (row, context) => token ids',
    });
  }
  return {
    name: 'allowed-tokens',
    process: (logits, context) => {
      const rows = Array.from({ length: logits.shape[0] }, (_, row) => {
        const ids = typeof allowed === 'function' ? allowed(row, context) : allowed;
        return new Map(ids.map((id) => [id, 1]));
      });
      const mask = denseRows(rows, logits.shape[1], 'allowedTokensProcessor');
      return tf.where(tf.greater(mask, 0), logits, tf.fill(logits.shape, -Infinity));
    },
  };
}
