import { invalidArgument, requireInteger, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from './gelu.js';
import { type AdapterModule, createVariable } from './module.js';
import { conv1dSame } from './unfolded-conv.js';

/**
 * Options for {@link LogMelConvEncoder}.
 *
 * @category Adapters
 */
export interface LogMelConvEncoderOptions {
  /** Mel bins of the input (80 for Whisper's front end). */
  melBins: number;
  /**
   * Output features per clip (the channels of every conv layer).
   *
   * @defaultValue `256`
   */
  width?: number;
  /**
   * Conv layers; the first has stride 1, the others stride 2 (like Whisper's stem).
   *
   * @defaultValue `2`
   */
  numLayers?: number;
  /**
   * Kernel width in frames.
   *
   * @defaultValue `3`
   */
  kernelSize?: number;
  /**
   * Seed of the initialisers.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * A small trainable audio encoder for users without a pretrained one: a stack of 1-D
 * convolutions with GELU over time on log-mel clips, then the mean over time, giving one
 * feature vector per clip. Convolutions run as unfold + matMul, so they train on every
 * backend (wasm included).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { LogMelConvEncoder } from '@r1kit/encoders';
 * const encoder = new LogMelConvEncoder({ melBins: 80, width: 128 });
 * encoder.apply(tf.zeros([2, 8, 80, 200])); // [2, 8, 128]: batch, clips, features
 * encoder.dispose();
 * ```
 *
 * @category Adapters
 */
export class LogMelConvEncoder implements AdapterModule {
  /** Output features per clip. */
  readonly width: number;
  /** Mel bins expected on input. */
  readonly melBins: number;
  private readonly filters: tf.Variable[];
  private readonly biases: tf.Variable[];

  /** Creates the conv layers. */
  constructor(options: LogMelConvEncoderOptions) {
    const name = 'LogMelConvEncoder';
    this.melBins = requireInteger({
      functionName: name,
      argument: 'options.melBins',
      value: options.melBins,
      min: 1,
    });
    this.width = requireInteger({
      functionName: name,
      argument: 'options.width',
      value: options.width ?? 256,
      min: 1,
    });
    const layers = requireInteger({
      functionName: name,
      argument: 'options.numLayers',
      value: options.numLayers ?? 2,
      min: 1,
    });
    const kernel = requireInteger({
      functionName: name,
      argument: 'options.kernelSize',
      value: options.kernelSize ?? 3,
      min: 1,
    });
    const seed = options.seed ?? 0;
    this.filters = [];
    this.biases = [];
    for (let layer = 0; layer < layers; layer++) {
      const inChannels = layer === 0 ? this.melBins : this.width;
      const bound = 1 / Math.sqrt(kernel * inChannels);
      this.filters.push(
        createVariable(() =>
          tf.randomUniform(
            [kernel, inChannels, this.width],
            -bound,
            bound,
            'float32',
            seed + 2 * layer,
          ),
        ),
      );
      this.biases.push(
        createVariable(() =>
          tf.randomUniform([this.width], -bound, bound, 'float32', seed + 2 * layer + 1),
        ),
      );
    }
  }

  /**
   * Encodes log-mel clips.
   *
   * @param logMel - `[batch, clips, melBins, frames]`.
   * @returns `[batch, clips, width]`.
   */
  apply(logMel: tf.Tensor4D): tf.Tensor3D {
    requireTensor({
      functionName: 'LogMelConvEncoder.apply',
      argument: 'logMel',
      value: logMel,
      rank: 4,
    });
    const [batch, clips, bins, frames] = logMel.shape;
    if (bins !== this.melBins) {
      throw invalidArgument({
        functionName: 'LogMelConvEncoder.apply',
        argument: 'logMel.shape[2]',
        received: bins,
        expected: `melBins (${this.melBins})`,
        code: 'SHAPE_MISMATCH',
      });
    }
    return tf.tidy(() => {
      let x = tf.transpose(
        tf.reshape(logMel, [batch * clips, bins, frames]),
        [0, 2, 1],
      ) as tf.Tensor3D;
      this.filters.forEach((filter, layer) => {
        const stride = layer === 0 ? 1 : 2;
        x = gelu(tf.add(conv1dSame(x, filter as tf.Tensor3D, stride), this.biases[layer]!));
      });
      return tf.reshape(tf.mean(x, 1), [batch, clips, this.width]) as tf.Tensor3D;
    });
  }

  /** Filters and biases by layer. */
  namedVariables(): Record<string, tf.Variable> {
    return Object.fromEntries(
      this.filters.flatMap((filter, layer) => [
        [`conv${layer}.filter`, filter],
        [`conv${layer}.bias`, this.biases[layer]!],
      ]),
    );
  }

  /** Frees every variable. */
  dispose(): void {
    for (const variable of [...this.filters, ...this.biases]) variable.dispose();
  }
}
