import { invalidArgument, type SoftTokens } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AffectGptAdapter } from './affectgpt-adapter.js';
import type { AffectGptFeatures } from './affectgpt-adapter-options.js';

/**
 * Options for {@link buildSoftTokens}.
 *
 * @category Adapters
 */
export interface BuildSoftTokensOptions {
  /** The placeholder token id the prompt uses for every soft token. */
  placeholderTokenId: number;
  /**
   * The prompt token ids, one row per sample; when given, each row must hold exactly
   * `layout.length` placeholders.
   *
   * @defaultValue no check
   */
  inputIds?: ReadonlyArray<ArrayLike<number>> | tf.Tensor2D;
  /**
   * Whether this is a training step (enables modality dropout).
   *
   * @defaultValue `false`
   */
  training?: boolean;
}

/**
 * Runs the adapter and packages its output as `SoftTokens` of `@r1kit/core`, the input
 * `@r1kit/lm` models take; the branch of each token is the adapter's `layout`. Call it inside the
 * loss function given to `tf.variableGrads` so gradients reach the adapter's variables.
 *
 * @param adapter - A built adapter.
 * @param features - Audio and video features.
 * @param options - The placeholder id, optional prompt ids to check, and the training flag.
 * @returns The placeholder id and the embeddings (owned by the caller), one row per sample in
 *   {@link AffectGptAdapter.layout} order.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AffectGptAdapter, buildSoftTokens } from '@r1kit/encoders';
 * const adapter = new AffectGptAdapter({ audioSize: 8, videoSize: 4, hiddenSize: 16 });
 * const soft = buildSoftTokens(
 *   adapter,
 *   { audio: tf.zeros([1, 8, 8]), video: tf.zeros([1, 8, 4]) },
 *   { placeholderTokenId: 151665, inputIds: [[1, 151665, 2, 151665, 3, 151665]] },
 * );
 * // soft.embeddings: [1, 3, 16], tokens in adapter.layout order: ['multi', 'audio', 'video']
 * ```
 *
 * @category Adapters
 */
export function buildSoftTokens(
  adapter: AffectGptAdapter,
  features: AffectGptFeatures,
  options: BuildSoftTokensOptions,
): SoftTokens {
  const { placeholderTokenId, inputIds } = options;
  if (!Number.isInteger(placeholderTokenId) || placeholderTokenId < 0) {
    throw invalidArgument({
      functionName: 'buildSoftTokens',
      argument: 'options.placeholderTokenId',
      received: placeholderTokenId,
      expected: 'a non-negative integer token id',
    });
  }
  if (inputIds !== undefined) {
    const rows = inputIds instanceof tf.Tensor ? (inputIds.arraySync() as number[][]) : inputIds;
    const batch = features.audio.shape[0];
    if (rows.length !== batch) {
      throw invalidArgument({
        functionName: 'buildSoftTokens',
        argument: 'options.inputIds',
        received: inputIds,
        expected: `${batch} rows (the feature batch size)`,
        code: 'SHAPE_MISMATCH',
      });
    }
    rows.forEach((row, index) => {
      const count = Array.from(row).filter((id) => id === placeholderTokenId).length;
      if (count !== adapter.layout.length) {
        throw invalidArgument({
          functionName: 'buildSoftTokens',
          argument: `options.inputIds[${index}]`,
          received: row,
          expected: `a row with exactly ${adapter.layout.length} placeholders (id ${placeholderTokenId}) for the layout [${adapter.layout.join(', ')}]; found ${count}`,
          code: 'SHAPE_MISMATCH',
        });
      }
    });
  }
  const embeddings = adapter.apply(features, { training: options.training ?? false });
  return { placeholderTokenId, embeddings };
}
