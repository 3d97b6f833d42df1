import type { MaskedSequence } from '@r1kit/tokenizer';

/**
 * One tokenized SFT example: prompt and completion in one sequence, and which tokens are
 * trained (`MaskedSequence` of `@r1kit/tokenizer`, with plain arrays, plus a payload).
 * The trainer pads and masks batches of them with `buildBatch` of `@r1kit/tokenizer`.
 *
 * @typeParam Payload - Per-sample extra data (multimodal features) handed to the soft-token
 *   provider.
 * @category SFT
 */
export interface SftExample<Payload = unknown> extends MaskedSequence {
  /** Prompt followed by completion token ids (include the end-of-sequence token). */
  inputIds: readonly number[];
  /**
   * Same length as `inputIds`: 1 on trained tokens (the completion), 0 on the others (the
   * prompt, and untrained turns of multi-turn data).
   */
  completionMask: readonly number[];
  /** Extra per-sample data for the `softTokens` provider (`SoftTokenProvider` of `@r1kit/core`). */
  payload?: Payload;
}
