import type { SoftTokens } from '@r1kit/core';
import { type AffectGptAdapter, buildSoftTokens } from '@r1kit/encoders';
import * as tf from '@tensorflow/tfjs-core';
import { merFeatureTensors } from './mer-feature-tensors.js';
import type { MerSample } from './mer-sample.js';

/**
 * Options of {@link merSoftTokens}.
 *
 * @category Data
 */
export interface MerSoftTokensOptions {
  /** AffectGPT's multimodal adapter (features to three soft tokens per sample). */
  readonly adapter: AffectGptAdapter;
  /** The token id that marks where the soft tokens go in each prompt. */
  readonly placeholderTokenId: number;
  /** Apply the adapter in training mode (modality dropout, as in SFT). @defaultValue false */
  readonly training?: boolean;
}

/**
 * A soft-token provider for `SftTrainer` and `GrpoTrainer` (their `softTokens` option): stacks
 * the batch's features with {@link merFeatureTensors} and runs `buildSoftTokens` of
 * `@r1kit/encoders` (AffectGPT's adapter). The trainers call it under their gradient tape where
 * the adapter trains, and free the embeddings.
 *
 * @param options - See {@link MerSoftTokensOptions}.
 * @returns A function from the batch's payloads to its soft tokens.
 * @example
 * ```ts
 * import { generateSyntheticDataset, merSoftTokens } from '@r1kit/datasets';
 * import { AffectGptAdapter } from '@r1kit/encoders';
 * const { train } = generateSyntheticDataset({ seed: 1, size: 40 });
 * const adapter = new AffectGptAdapter({ audioSize: 16, videoSize: 16, hiddenSize: 32, seed: 1 });
 * const softTokens = merSoftTokens({ adapter, placeholderTokenId: 5 });
 * const { embeddings } = softTokens(train.slice(0, 2));
 * console.log(embeddings.shape); // [2, 3, 32]: the multi, audio and video tokens
 * embeddings.dispose();
 * adapter.dispose();
 * ```
 * @category Data
 */
export function merSoftTokens(
  options: MerSoftTokensOptions,
): (payloads: ReadonlyArray<MerSample | undefined>) => SoftTokens {
  const { adapter, placeholderTokenId } = options;
  const training = options.training ?? false;
  return (payloads) =>
    tf.tidy(
      () =>
        buildSoftTokens(adapter, merFeatureTensors({ samples: payloads }), {
          placeholderTokenId,
          training,
        }) as unknown as tf.TensorContainer,
    ) as unknown as SoftTokens;
}
