import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { MerSample } from './mer-sample.js';

/**
 * The audio and video features of a batch as tensors, the input of `AffectGptAdapter.apply`
 * of `@r1kit/encoders`.
 *
 * @category Data
 */
export interface MerFeatureTensors {
  /** Audio features `[samples, audioClips, audioDim]`. */
  readonly audio: tf.Tensor3D;
  /** Face/video features `[samples, videoFrames, videoDim]`. */
  readonly video: tf.Tensor3D;
}

/**
 * Options of {@link merFeatureTensors}.
 *
 * @category Data
 */
export interface MerFeatureTensorsOptions {
  /**
   * The batch; an `undefined` entry (a prompt without a sample) gets zero features. At least one
   * entry must be a sample, and all samples must share their feature shapes.
   */
  readonly samples: ReadonlyArray<MerSample | undefined>;
}

function stack(
  samples: ReadonlyArray<MerSample | undefined>,
  key: 'audio' | 'video',
  shape: readonly [number, number],
): tf.Tensor3D {
  const [steps, dim] = shape;
  const data = new Float32Array(samples.length * steps * dim);
  samples.forEach((sample, index) => {
    if (sample === undefined) return;
    const own = key === 'audio' ? sample.audioShape : sample.videoShape;
    if (own[0] !== steps || own[1] !== dim || sample[key].length !== steps * dim) {
      throw invalidArgument({
        functionName: 'merFeatureTensors',
        argument: `options.samples[${index}].${key}`,
        received: `shape [${own.join(', ')}] with ${sample[key].length} values`,
        expected: `of shape [${steps}, ${dim}] like the first sample of the batch`,
        code: 'SHAPE_MISMATCH',
      });
    }
    data.set(sample[key], index * steps * dim);
  });
  return tf.tensor3d(data, [samples.length, steps, dim]);
}

/**
 * Stacks a batch's per-sample features into `[samples, steps, dim]` tensors, one per modality.
 * The caller owns the tensors (dispose them, or call this inside `tf.tidy`).
 *
 * @param options - See {@link MerFeatureTensorsOptions}.
 * @returns The audio and video tensors.
 * @throws R1kitError `INVALID_ARGUMENT` for a batch with no sample, `SHAPE_MISMATCH` when the
 *   samples' feature shapes differ.
 * @example
 * ```ts
 * import { generateSyntheticDataset, merFeatureTensors } from '@r1kit/datasets';
 * const { train } = generateSyntheticDataset({ seed: 1, size: 40 });
 * const { audio, video } = merFeatureTensors({ samples: train.slice(0, 4) });
 * console.log(audio.shape, video.shape); // [4, 8, 16] [4, 8, 16]
 * audio.dispose();
 * video.dispose();
 * ```
 * @category Data
 */
export function merFeatureTensors(options: MerFeatureTensorsOptions): MerFeatureTensors {
  const { samples } = options;
  const first = samples.find((sample) => sample !== undefined);
  if (first === undefined) {
    throw invalidArgument({
      functionName: 'merFeatureTensors',
      argument: 'options.samples',
      received: `${samples.length} entries, none a sample`,
      expected: 'at least one sample (its shapes size the zero rows)',
    });
  }
  const audio = stack(samples, 'audio', first.audioShape);
  try {
    return { audio, video: stack(samples, 'video', first.videoShape) };
  } catch (error) {
    audio.dispose();
    throw error;
  }
}
