import * as tf from '@tensorflow/tfjs-core';
import {
  createFusionProjections,
  type FusionSizes,
  requireFusionInputs,
} from './fusion-modalities.js';
import type { Linear } from './linear.js';
import { type AdapterModule, collectVariables, SeedSequence } from './module.js';
import { QFormerPooling } from './qformer-pooling.js';

/**
 * Options for {@link QFormerFusion}.
 *
 * @category Adapters
 */
export interface QFormerFusionOptions extends FusionSizes {
  /**
   * Learned queries (output tokens).
   *
   * @defaultValue `1`
   */
  numQueries?: number;
  /**
   * Q-Former layers.
   *
   * @defaultValue `2`
   */
  numLayers?: number;
  /**
   * Attention heads; must divide `fusionSize`.
   *
   * @defaultValue the largest of 8, 4, 2, 1 that divides `fusionSize`
   */
  numHeads?: number;
  /**
   * Longest concatenated sequence (AffectGPT: 264).
   *
   * @defaultValue `264`
   */
  maxPositions?: number;
  /**
   * Width of the feed-forward block.
   *
   * @defaultValue `4 * fusionSize`
   */
  intermediateSize?: number;
  /**
   * Seed of the initialisers.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * The Q-Former pre-fusion alternative: project each modality to `fusionSize`, concatenate along
 * time, and let learned queries cross-attend to the sequence plus position embeddings.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { QFormerFusion } from '@r1kit/encoders';
 * const fusion = new QFormerFusion({ audioSize: 64, videoSize: 32, numQueries: 1 });
 * fusion.apply(tf.ones([2, 8, 64]), tf.ones([2, 8, 32])); // [2, 1, 64]
 * fusion.dispose();
 * ```
 *
 * @category Adapters
 */
export class QFormerFusion implements AdapterModule {
  /** Output width. */
  readonly fusionSize: number;
  /** Audio to `fusionSize`. */
  readonly audioProjection: Linear;
  /** Video to `fusionSize`. */
  readonly videoProjection: Linear;
  /** The Q-Former over the concatenated sequence. */
  readonly qformer: QFormerPooling;

  /** Creates the layers. */
  constructor(options: QFormerFusionOptions) {
    const seeds = new SeedSequence(options.seed ?? 0);
    const projections = createFusionProjections('QFormerFusion', options, seeds);
    this.fusionSize = projections.fusionSize;
    this.audioProjection = projections.audioProjection;
    this.videoProjection = projections.videoProjection;
    this.qformer = new QFormerPooling({
      inputSize: this.fusionSize,
      numQueries: options.numQueries ?? 1,
      numLayers: options.numLayers ?? 2,
      numHeads: options.numHeads,
      intermediateSize: options.intermediateSize,
      maxPositions: options.maxPositions ?? 264,
      seed: seeds.take() * 1000,
    });
  }

  /**
   * Fuses the two sequences.
   *
   * @param audio - `[batch, audioTime, audioSize]`.
   * @param video - `[batch, videoTime, videoSize]`.
   * @returns `[batch, numQueries, fusionSize]`.
   */
  apply(audio: tf.Tensor3D, video: tf.Tensor3D): tf.Tensor3D {
    requireFusionInputs({
      functionName: 'QFormerFusion.apply',
      audio,
      video,
      audioSize: this.audioProjection.inputSize,
      videoSize: this.videoProjection.inputSize,
    });
    return tf.tidy(() =>
      this.qformer.apply(
        tf.concat([this.audioProjection.apply(audio), this.videoProjection.apply(video)], 1),
      ),
    );
  }

  /** Every variable, by name. */
  namedVariables(): Record<string, tf.Variable> {
    return collectVariables({
      audioProjection: this.audioProjection,
      videoProjection: this.videoProjection,
      qformer: this.qformer,
    });
  }

  /** Frees every variable. */
  dispose(): void {
    this.audioProjection.dispose();
    this.videoProjection.dispose();
    this.qformer.dispose();
  }
}
