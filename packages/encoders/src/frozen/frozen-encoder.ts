import { invalidArgument } from '@r1kit/core';

/**
 * A frozen, pretrained encoder that runs outside TensorFlow.js (an ONNX CLIP or HuBERT, a
 * remote service, precomputed lookups): it turns each input (a frame, an audio clip) into one
 * feature vector. Nothing is trained through it, so it returns plain arrays.
 *
 * @category Frozen encoders
 */
export interface FrozenEncoder<Input> {
  /** A human-readable name for logs, e.g. the model folder. */
  readonly name: string;
  /**
   * Encodes inputs, one feature vector each, all of the same length.
   *
   * @param inputs - Frames or clips.
   * @returns One `Float32Array` per input.
   */
  encode(inputs: readonly Input[]): Promise<Float32Array[]>;
  /** Frees the model's resources. */
  dispose(): Promise<void>;
}

/**
 * Options for {@link encodeSamples}.
 *
 * @category Frozen encoders
 */
export interface EncodeSamplesOptions {
  /**
   * Inputs sent to the encoder per call (bounds memory for large models).
   *
   * @defaultValue `16`
   */
  chunkSize?: number;
  /**
   * Called after each chunk with the number of inputs done and the total (progress output).
   *
   * @defaultValue no progress output
   */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Encodes a batch of samples, each a sequence of inputs (8 frames, 8 clips), into the
 * `[batch, steps, features]` array the adapters take (`tf.tensor3d(data, shape)`).
 *
 * @param encoder - The frozen encoder.
 * @param samples - One array of inputs per sample, all of the same length.
 * @param options - Chunk size and progress callback.
 * @returns Row-major features and their shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { encodeSamples, type FrozenEncoder } from '@r1kit/encoders';
 * // A stand-in for an ONNX HuBERT: each clip becomes [min, max].
 * const encoder: FrozenEncoder<Float32Array> = {
 *   name: 'min-max',
 *   encode: async (clips) =>
 *     clips.map((clip) => Float32Array.of(Math.min(...clip), Math.max(...clip))),

 *   dispose: async () => {},
 * };
 * const clipsPerSample = [[Float32Array.of(1, 3), Float32Array.of(2, 2)]]; // 1 sample, 2 clips
 * const { data, shape } = await encodeSamples(encoder, clipsPerSample);
 * const audio = tf.tensor3d(data, shape); // [[[1, 3], [2, 2]]], shape [1, 2, 2]

 * audio.dispose();

 * ```
 *
 * @category Frozen encoders
 */
export async function encodeSamples<Input>(
  encoder: FrozenEncoder<Input>,
  samples: readonly (readonly Input[])[],
  options: EncodeSamplesOptions = {},
): Promise<{ data: Float32Array; shape: [number, number, number] }> {
  const steps = samples[0]?.length ?? 0;
  if (samples.length === 0 || steps === 0 || samples.some((sample) => sample.length !== steps)) {
    throw invalidArgument({
      functionName: 'encodeSamples',
      argument: 'samples',
      received: samples,
      expected: 'a non-empty array of samples with the same non-zero number of inputs each',
      code: 'SHAPE_MISMATCH',
    });
  }
  const chunkSize = options.chunkSize ?? 16;
  const flat = samples.flat() as Input[];
  const vectors: Float32Array[] = [];
  for (let start = 0; start < flat.length; start += chunkSize) {
    const chunk = flat.slice(start, start + chunkSize);
    const encoded = await encoder.encode(chunk);
    if (encoded.length !== chunk.length) {
      throw invalidArgument({
        functionName: 'encodeSamples',
        argument: `${encoder.name} output`,
        received: encoded,
        expected: `${chunk.length} vectors (one per input)`,
        code: 'SHAPE_MISMATCH',
      });
    }
    vectors.push(...encoded);
    options.onProgress?.(vectors.length, flat.length);
  }
  const size = vectors[0]!.length;
  const data = new Float32Array(vectors.length * size);
  vectors.forEach((vector, index) => {
    if (vector.length !== size) {
      throw invalidArgument({
        functionName: 'encodeSamples',
        argument: `${encoder.name} output[${index}]`,
        received: vector,
        expected: `${size} features like the first vector`,
        code: 'SHAPE_MISMATCH',
      });
    }
    data.set(vector, index * size);
  });
  return { data, shape: [samples.length, steps, size] };
}
