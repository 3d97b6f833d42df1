import type { Tensor3D } from '@tensorflow/tfjs-core';

/**
 * Soft tokens: caller-supplied embeddings that replace the token embeddings at the positions
 * where `inputIds` holds `placeholderTokenId` (how multimodal adapters enter a language model).
 * `@r1kit/encoders` builds them, `@r1kit/lm` reads them, `@r1kit/sampling` and
 * `@r1kit/trainer` pass them through.
 *
 * @example
 * ```ts
 * import type { SoftTokens } from '@r1kit/core';
 * import * as tf from '@tensorflow/tfjs-core';
 * // Two sequences, one soft token each, hidden size 4.
 * const embeddings = tf.zeros<tf.Rank.R3>([2, 1, 4]);
 * const softTokens: SoftTokens = { placeholderTokenId: 7, embeddings };
 * softTokens.embeddings.dispose();
 * ```
 *
 * @category Soft tokens
 */
export interface SoftTokens {
  /** The id written in `inputIds` where a soft token goes. */
  placeholderTokenId: number;
  /** `[batch, numSoftTokens, hiddenSize]`; row `b` fills the placeholders of sequence `b` in order. */
  embeddings: Tensor3D;
}

/**
 * Turns the payloads of a batch into soft tokens. The trainers call it inside the
 * differentiated function, so embeddings built from trainable variables (encoder adapters)
 * receive gradients; the caller of the provider owns (and frees) the returned embeddings.
 *
 * @typeParam Payload - Per-sample extra data (multimodal features).
 * @param payloads - One entry per sequence of the batch, in batch order.
 * @returns Soft tokens for the batch, or `undefined` for none.
 *
 * @example
 * ```ts
 * import type { SoftTokenProvider } from '@r1kit/core';
 * import * as tf from '@tensorflow/tfjs-core';
 * // One soft token per sample (hidden size 2), built from a number payload.
 * const provider: SoftTokenProvider<number> = (payloads) => ({
 *   placeholderTokenId: 7,
 *   embeddings: tf.tensor3d(payloads.map((value) => [[value ?? 0, 0]])),
 * });
 * provider([1, 2])?.embeddings.dispose();
 * ```
 *
 * @category Soft tokens
 */
export type SoftTokenProvider<Payload> = (
  payloads: ReadonlyArray<Payload | undefined>,
) => SoftTokens | undefined;
