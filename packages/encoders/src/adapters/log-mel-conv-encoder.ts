import { invalidArgument, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { ConvStack } from './conv-stack.js';
import { type AdapterModule, requirePositiveIntegers } from './module.js';
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
  private readonly convs: ConvStack;

  /** Creates the conv layers. */
  constructor(options: LogMelConvEncoderOptions) {
    const { melBins, width, numLayers, kernelSize } = requirePositiveIntegers('LogMelConvEncoder', {
      melBins: options.melBins,
      width: options.width ?? 256,
      numLayers: options.numLayers ?? 2,
      kernelSize: options.kernelSize ?? 3,
    });
    this.melBins = melBins;
    this.width = width;
    this.convs = new ConvStack(
      Array.from({ length: numLayers }, (_, layer) => [
        kernelSize,
        layer === 0 ? melBins : width,
        width,
      ]),
      options.seed ?? 0,
    );
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
      const x = this.convs.apply(
        tf.transpose(tf.reshape(logMel, [batch * clips, bins, frames]), [0, 2, 1]) as tf.Tensor3D,
        (input, filter, layer) => conv1dSame(input, filter as tf.Tensor3D, layer === 0 ? 1 : 2),
      );
      return tf.reshape(tf.mean(x, 1), [batch, clips, this.width]) as tf.Tensor3D;
    });
  }

  /** Filters and biases by layer. */
  namedVariables(): Record<string, tf.Variable> {
    return this.convs.namedVariables();
  }

  /** Frees every variable. */
  dispose(): void {
    this.convs.dispose();
  }
}
