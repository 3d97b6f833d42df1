import type { SoftTokens } from '@r1kit/lm';

/**
 * One tokenized SFT example: prompt and completion in one sequence, and which tokens are
 * trained.
 *
 * @typeParam Payload - Per-sample extra data (multimodal features) handed to the soft-token
 *   provider.
 * @category SFT
 */
export interface SftExample<Payload = unknown> {
  /** Prompt followed by completion token ids (include the end-of-sequence token). */
  inputIds: readonly number[];
  /** Same length as `inputIds`: 1 on completion tokens (trained), 0 on prompt tokens. */
  completionMask: readonly number[];
  /** Extra per-sample data for {@link SoftTokenProvider}. */
  payload?: Payload;
}

/**
 * Turns the payloads of a batch into soft tokens (embeddings that replace placeholder tokens).
 * It is called inside the differentiated function, so tensors it builds from trainable
 * variables (encoder adapters passed as `extraVariables`) receive gradients.
 *
 * @typeParam Payload - Per-sample extra data.
 * @param payloads - One entry per sequence of the batch, in batch order.
 * @returns Soft tokens for the batch, or `undefined` for none.
 * @category Training
 */
export type SoftTokenProvider<Payload> = (
  payloads: ReadonlyArray<Payload | undefined>,
) => SoftTokens | undefined;
