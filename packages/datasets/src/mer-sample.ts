/**
 * Which modality carries one emotion's cue in a synthetic sample.
 *
 * @category Data
 */
export type CueModality = 'audio' | 'face' | 'both' | 'subtitle';

/**
 * One emotion present in a synthetic sample and where its evidence is.
 *
 * @category Data
 */
export interface EmotionCue {
  /** Core emotion name (a `core` of `emotionConcepts`). */
  readonly emotion: string;
  /** Where the cue is. */
  readonly modality: CueModality;
}

/**
 * One OV-MER-style sample: per-clip audio features, per-frame face features, a subtitle, a
 * reasoning description (the cold-start `<think>` text) and an open-vocabulary label set.
 *
 * @category Data
 */
export interface MerSample {
  /** Sample name (the `name` column of OV-MER label files). */
  readonly name: string;
  /** Audio features, row-major `[audioClips, audioDim]`. */
  readonly audio: Float32Array;
  /** Face/video features, row-major `[videoFrames, videoDim]`. */
  readonly video: Float32Array;
  /** Shape of `audio` as `[clips, dim]`. */
  readonly audioShape: readonly [number, number];
  /** Shape of `video` as `[frames, dim]`. */
  readonly videoShape: readonly [number, number];
  /** The subtitle (transcript) text. */
  readonly subtitle: string;
  /** Reasoning description for the cold start; empty for real data without descriptions. */
  readonly description: string;
  /** Ground-truth open-vocabulary labels. */
  readonly labels: readonly string[];
  /** The emotions and their modalities (synthetic data only; empty for real data). */
  readonly cues: readonly EmotionCue[];
}

/**
 * A dataset split three ways.
 *
 * @category Data
 */
export interface MerSplits {
  /** Samples for SFT and GRPO. */
  readonly train: readonly MerSample[];
  /** Samples for monitoring during training. */
  readonly validation: readonly MerSample[];
  /** Held-out samples for the before/after table. */
  readonly test: readonly MerSample[];
}

/**
 * A sample's ground truth, its open-vocabulary labels: the accessor that the emotion-wheel
 * reward functions of `@r1kit/emotion-wheel` take as `groundTruth` when `MerSample`s are the
 * trainer's payloads.
 *
 * @param sample - The sample.
 * @returns `sample.labels`.
 * @example
 * ```ts
 * import { generateSyntheticDataset, merGroundTruth } from '@r1kit/datasets';
 * import { emotionWheelRewardFunction } from '@r1kit/emotion-wheel';
 * const { train } = generateSyntheticDataset({ seed: 1, size: 40 });
 * const accuracy = emotionWheelRewardFunction({ groundTruth: merGroundTruth, requireTags: false });
 * console.log(accuracy({ completions: [train[0].labels.join(', ')], payloads: [train[0]] })); // [1]
 * ```
 * @category Data
 */
export function merGroundTruth(sample: MerSample): readonly string[] {
  return sample.labels;
}
