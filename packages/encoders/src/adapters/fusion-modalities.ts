import { invalidArgument, requireInteger, requireTensor } from '@r1kit/core';
import type * as tf from '@tensorflow/tfjs-core';
import { Linear } from './linear.js';
import { requirePositiveIntegers, type SeedSequence } from './module.js';

/**
 * The feature sizes every fusion module and the AffectGPT adapter take (the shared part of
 * {@link AttentionFusionOptions}, {@link QFormerFusionOptions} and
 * {@link AffectGptAdapterOptions}).
 *
 * @category Adapters
 */
export interface FusionSizes {
  /** Audio features per step (HuBERT-large clips: 1024). */
  audioSize: number;
  /** Video features per step (CLIP ViT-L frames: 768). */
  videoSize: number;
  /**
   * Common width both modalities are projected to before fusion (the Q-Former width).
   *
   * @defaultValue `max(audioSize, videoSize)`
   */
  fusionSize?: number;
}

/**
 * What every fusion module starts with: the validated common width and the projections of both
 * modalities to it (audio first, each taking the next seed of `seeds`).
 *
 * @internal
 */
export interface FusionProjections {
  /** The common width. */
  fusionSize: number;
  /** Audio to `fusionSize`. */
  audioProjection: Linear;
  /** Video to `fusionSize`. */
  videoProjection: Linear;
}

/**
 * Validates the sizes of a fusion module and creates its two modality projections.
 *
 * @param functionName - The module, for the error messages.
 * @param sizes - The options' sizes.
 * @param seeds - The module's seeds; two are taken.
 * @returns The common width and the projections.
 * @internal
 */
export function createFusionProjections(
  functionName: string,
  sizes: FusionSizes,
  seeds: SeedSequence,
): FusionProjections {
  const { audioSize, videoSize } = requirePositiveIntegers(functionName, {
    audioSize: sizes.audioSize,
    videoSize: sizes.videoSize,
  });
  const fusionSize = requireInteger({
    functionName,
    argument: 'options.fusionSize',
    value: sizes.fusionSize ?? Math.max(audioSize, videoSize),
    min: 1,
  });
  return {
    fusionSize,
    audioProjection: new Linear({
      inputSize: audioSize,
      outputSize: fusionSize,
      seed: seeds.take(),
    }),
    videoProjection: new Linear({
      inputSize: videoSize,
      outputSize: fusionSize,
      seed: seeds.take(),
    }),
  };
}

/**
 * The inputs of a fusion module and the feature sizes they must have.
 *
 * @internal
 */
export interface FusionInputs {
  /** The method that received the inputs, e.g. `AttentionFusion.apply`. */
  functionName: string;
  /** `[batch, audioTime, audioSize]`. */
  audio: tf.Tensor3D;
  /** `[batch, videoTime, videoSize]`. */
  video: tf.Tensor3D;
  /** Audio features per step. */
  audioSize: number;
  /** Video features per step. */
  videoSize: number;
}

/**
 * Checks the two inputs of a fusion module (`AttentionFusion`, `QFormerFusion`): an audio
 * sequence `[batch, audioTime, audioSize]` and a video sequence `[batch, videoTime, videoSize]`
 * with the same batch size.
 *
 * @internal
 */
export function requireFusionInputs(options: FusionInputs): void {
  const { functionName, audio, video } = options;
  requireTensor({
    functionName,
    argument: 'audio',
    value: audio,
    shape: [null, null, options.audioSize],
  });
  requireTensor({
    functionName,
    argument: 'video',
    value: video,
    shape: [null, null, options.videoSize],
  });
  if (audio.shape[0] !== video.shape[0]) {
    throw invalidArgument({
      functionName,
      argument: 'video',
      received: video,
      expected: `the batch size of audio (${audio.shape[0]})`,
      code: 'SHAPE_MISMATCH',
    });
  }
}
