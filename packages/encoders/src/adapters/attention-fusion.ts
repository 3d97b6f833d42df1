import * as tf from '@tensorflow/tfjs-core';
import {
  createFusionProjections,
  type FusionSizes,
  requireFusionInputs,
} from './fusion-modalities.js';
import { Linear } from './linear.js';
import { type AdapterModule, collectVariables, SeedSequence } from './module.js';

/**
 * Options for {@link AttentionFusion}.
 *
 * @category Adapters
 */
export interface AttentionFusionOptions extends FusionSizes {
  /**
   * Whether to softmax the two modality weights. AffectGPT's code uses raw weights (`false`).
   *
   * @defaultValue `false`
   */
  softmax?: boolean;
  /**
   * Seed of the initialisers.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * AffectGPT's attention pre-fusion: mean-pool each modality over time, project both to
 * `fusionSize`, compute two modality weights with `Linear(2F → F)` then `Linear(F → 2)` over
 * their concatenation, and return the weighted sum `[batch, 1, fusionSize]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AttentionFusion } from '@r1kit/encoders';
 * const fusion = new AttentionFusion({ audioSize: 1024, videoSize: 768 });
 * fusion.apply(tf.ones([2, 8, 1024]), tf.ones([2, 8, 768])); // [2, 1, 1024]
 * fusion.dispose();
 * ```
 *
 * @category Adapters
 */
export class AttentionFusion implements AdapterModule {
  /** Output width. */
  readonly fusionSize: number;
  /** `multi_audio_embs`: audio to `fusionSize`. */
  readonly audioProjection: Linear;
  /** `multi_video_embs`: video to `fusionSize`. */
  readonly videoProjection: Linear;
  /** `attention_mlp`: `2F → F`. */
  readonly attentionMlp: Linear;
  /** `fc_att`: `F → 2`. */
  readonly modalityWeights: Linear;
  /** Whether the two weights are softmax-normalised. */
  readonly softmax: boolean;

  /** Creates the layers. */
  constructor(options: AttentionFusionOptions) {
    const seeds = new SeedSequence(options.seed ?? 0);
    const projections = createFusionProjections('AttentionFusion', options, seeds);
    this.fusionSize = projections.fusionSize;
    this.audioProjection = projections.audioProjection;
    this.videoProjection = projections.videoProjection;
    const fusionSize = this.fusionSize;
    this.attentionMlp = new Linear({
      inputSize: 2 * fusionSize,
      outputSize: fusionSize,
      seed: seeds.take(),
    });
    this.modalityWeights = new Linear({ inputSize: fusionSize, outputSize: 2, seed: seeds.take() });
    this.softmax = options.softmax ?? false;
  }

  /**
   * Fuses the two sequences into one vector per sample.
   *
   * @param audio - `[batch, audioTime, audioSize]`.
   * @param video - `[batch, videoTime, videoSize]`.
   * @returns `[batch, 1, fusionSize]`.
   */
  apply(audio: tf.Tensor3D, video: tf.Tensor3D): tf.Tensor3D {
    requireFusionInputs({
      functionName: 'AttentionFusion.apply',
      audio,
      video,
      audioSize: this.audioProjection.inputSize,
      videoSize: this.videoProjection.inputSize,
    });
    return tf.tidy(() => {
      const audioVector = this.audioProjection.apply(tf.mean(audio, 1) as tf.Tensor2D);
      const videoVector = this.videoProjection.apply(tf.mean(video, 1) as tf.Tensor2D);
      let weights = this.modalityWeights.apply(
        this.attentionMlp.apply(tf.concat([audioVector, videoVector], 1)),
      );
      if (this.softmax) weights = tf.softmax(weights);
      const [audioWeight, videoWeight] = tf.split(weights, 2, 1);
      const fused = tf.add(tf.mul(audioWeight!, audioVector), tf.mul(videoWeight!, videoVector));
      return tf.expandDims(fused, 1) as tf.Tensor3D;
    });
  }

  /** Every variable, by name. */
  namedVariables(): Record<string, tf.Variable> {
    return collectVariables({
      audioProjection: this.audioProjection,
      videoProjection: this.videoProjection,
      attentionMlp: this.attentionMlp,
      modalityWeights: this.modalityWeights,
    });
  }

  /** Frees every variable. */
  dispose(): void {
    for (const layer of [
      this.audioProjection,
      this.videoProjection,
      this.attentionMlp,
      this.modalityWeights,
    ])
      layer.dispose();
  }
}
