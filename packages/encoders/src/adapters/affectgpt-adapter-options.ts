import type * as tf from '@tensorflow/tfjs-core';
import type { FusionSizes } from './fusion-modalities.js';

/**
 * Options for {@link AffectGptAdapter}. The defaults reproduce AffectGPT's released
 * configuration (attention pooling without softmax, attention pre-fusion, linear projectors).
 *
 * @category Adapters
 */
export interface AffectGptAdapterOptions extends FusionSizes {
  /** The LLM hidden size the soft tokens are projected to. */
  hiddenSize: number;
  /**
   * Per-modality temporal pooling: `'attention'` (score-weighted sum), `'mean'` or `'qformer'`.
   *
   * @defaultValue `'attention'`
   */
  pooling?: 'attention' | 'mean' | 'qformer';
  /**
   * Whether attention pooling and attention fusion softmax their weights (AffectGPT: no).
   *
   * @defaultValue `false`
   */
  softmax?: boolean;
  /**
   * Pre-fusion: `'attention'` (AffectGPT's default) or `'qformer'`.
   *
   * @defaultValue `'attention'`
   */
  fusion?: 'attention' | 'qformer';
  /**
   * Projector into the hidden size: `'linear'` or `'mlp'`.
   *
   * @defaultValue `'linear'`
   */
  projector?: 'linear' | 'mlp';
  /**
   * Tokens per branch when a Q-Former is used (pooling or fusion); attention and mean give 1.
   *
   * @defaultValue `1`
   */
  numQueries?: number;
  /**
   * Q-Former layers.
   *
   * @defaultValue `2`
   */
  qformerLayers?: number;
  /**
   * Probability of dropping a present modality per sample while training (never both).
   *
   * @defaultValue `0`
   */
  modalityDropout?: number;
  /**
   * Order of the branches in the output, matching the placeholders of the prompt.
   *
   * @defaultValue `['multi', 'audio', 'video']` (AffectGPT's `<MultiHere>`, `<AudioHere>`, `<FaceHere>`)
   */
  tokenOrder?: ReadonlyArray<'multi' | 'audio' | 'video'>;
  /**
   * Seed of the initialisers and of modality dropout.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * Inputs of {@link AffectGptAdapter.apply}.
 *
 * @category Adapters
 */
export interface AffectGptFeatures {
  /** `[batch, clips, audioSize]` audio features (zeros where audio is absent). */
  audio: tf.Tensor3D;
  /** `[batch, frames, videoSize]` video features (zeros where video is absent). */
  video: tf.Tensor3D;
  /** 1 where the sample has audio, 0 where not; all present when omitted. */
  audioPresent?: readonly number[];
  /** 1 where the sample has video, 0 where not; all present when omitted. */
  videoPresent?: readonly number[];
}

/**
 * Options of {@link AffectGptAdapter.apply}.
 *
 * @category Adapters
 */
export interface AffectGptApplyOptions {
  /**
   * Whether this is a training step (enables modality dropout).
   *
   * @defaultValue `false`
   */
  training?: boolean;
}
