import { R1kitError, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsProcessor, LogitsProcessorContext } from './logits-processor.js';

/**
 * Runs a list of logits processors in order, inside `tf.tidy`.
 *
 * @param logits - `[batch, vocabSize]` logits; not disposed.
 * @param processors - Processors applied first to last.
 * @param context - Tokens of each row so far; must have one entry per row. When omitted, every
 *   row has an empty prompt and completion.
 * @returns A new `[batch, vocabSize]` tensor owned by the caller.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyLogitsProcessors, temperatureProcessor, topKProcessor } from '@r1kit/sampling';
 * const logits = tf.tensor2d([[1, 2, 3, 4]]);
 * const processed = applyLogitsProcessors(logits, [
 *   temperatureProcessor({ temperature: 0.7 }),
 *   topKProcessor({ topK: 2 }),
 * ]);
 * ```
 *
 * @category Processors
 */
export function applyLogitsProcessors(
  logits: tf.Tensor2D,
  processors: ReadonlyArray<LogitsProcessor>,
  context?: LogitsProcessorContext,
): tf.Tensor2D {
  requireTensor({
    functionName: 'applyLogitsProcessors',
    argument: 'logits',
    value: logits,
    rank: 2,
    expected: 'a rank-2 tensor [batch, vocabSize]',
    code: 'INVALID_ARGUMENT',
  });
  const batch = logits.shape[0];
  const rows = context ?? emptyContext(batch);
  if (rows.promptIds.length !== batch || rows.completionIds.length !== batch) {
    throw new R1kitError({
      code: 'SHAPE_MISMATCH',
      message: `applyLogitsProcessors: context must have one prompt and completion per row (${batch}); received ${rows.promptIds.length} prompts and ${rows.completionIds.length} completions`,
    });
  }
  return tf.tidy(() => {
    let current: tf.Tensor2D = tf.clone(logits);
    for (const processor of processors) {
      const next = processor.process(current, rows);
      if (next.rank !== 2 || next.shape[0] !== batch || next.shape[1] !== logits.shape[1]) {
        throw new R1kitError({
          code: 'SHAPE_MISMATCH',
          message: `applyLogitsProcessors: processor '${processor.name}' returned shape [${next.shape.join(', ')}]; expected [${logits.shape.join(', ')}]`,
        });
      }
      current = next;
    }
    return current;
  });
}

function emptyContext(batch: number): LogitsProcessorContext {
  const empty = Array.from({ length: batch }, () => [] as number[]);
  return { promptIds: empty, completionIds: empty };
}
