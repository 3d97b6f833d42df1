import type * as tf from '@tensorflow/tfjs-core';

/**
 * What a {@link LogitsProcessor} may look at besides the logits: the tokens of every row so far.
 * Row `r` of the logits belongs to `promptIds[r]` followed by `completionIds[r]`.
 *
 * @category Processors
 */
export interface LogitsProcessorContext {
  /** Prompt token ids of each row, without padding. */
  readonly promptIds: ReadonlyArray<ReadonlyArray<number>>;
  /** Tokens generated so far for each row (empty at the first step). */
  readonly completionIds: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * A transformation of next-token logits `[batch, vocabSize]`, applied in a list before sampling.
 * Masked tokens get `-Infinity`. `process` is synchronous, must not dispose its input and is
 * called inside `tf.tidy` by {@link applyLogitsProcessors}, so it may create intermediates freely.
 *
 * @category Processors
 */
export interface LogitsProcessor {
  /** A short name for error messages and logs (`'top-k'`, `'frame-constraint'`). */
  readonly name: string;
  /**
   * Returns the processed logits.
   *
   * @param logits - `[batch, vocabSize]` float32 logits.
   * @param context - Tokens of each row so far.
   * @returns `[batch, vocabSize]` processed logits.
   */
  process(logits: tf.Tensor2D, context: LogitsProcessorContext): tf.Tensor2D;
}
