import { invalidArgument, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { ConvStack } from './conv-stack.js';
import { type AdapterModule, requirePositiveIntegers } from './module.js';
import { conv2dSame } from './unfolded-conv.js';

/**
 * Options for {@link FrameConvEncoder}.
 *
 * @category Adapters
 */
export interface FrameConvEncoderOptions {
  /**
   * Output features per frame (the channels of the last layer).
   *
   * @defaultValue `128`
   */
  width?: number;
  /**
   * Stride-2 conv layers; channels double from `baseChannels` up to `width` at the last.
   *
   * @defaultValue `3`
   */
  numLayers?: number;
  /**
   * Channels of the first layer.
   *
   * @defaultValue `16`
   */
  baseChannels?: number;
  /**
   * Square kernel side.
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
 * A small trainable visual encoder for users without a pretrained one: stride-2 2-D
 * convolutions with GELU over each RGB frame (channels last), then the spatial mean, giving
 * one feature vector per frame. Convolutions run as unfold + matMul, so they train on every
 * backend (wasm included).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { FrameConvEncoder } from '@r1kit/encoders';
 * const encoder = new FrameConvEncoder({ width: 64 });
 * encoder.apply(tf.zeros([2, 8, 64, 64, 3])); // [2, 8, 64]: batch, frames, features
 * encoder.dispose();
 * ```
 *
 * @category Adapters
 */
export class FrameConvEncoder implements AdapterModule {
  /** Output features per frame. */
  readonly width: number;
  private readonly convs: ConvStack;

  /** Creates the conv layers. */
  constructor(options: FrameConvEncoderOptions = {}) {
    const { width, numLayers, baseChannels, kernelSize } = requirePositiveIntegers(
      'FrameConvEncoder',
      {
        width: options.width ?? 128,
        numLayers: options.numLayers ?? 3,
        baseChannels: options.baseChannels ?? 16,
        kernelSize: options.kernelSize ?? 3,
      },
    );
    this.width = width;
    const channels = (layer: number) =>
      layer === numLayers - 1 ? width : baseChannels * 2 ** layer;
    this.convs = new ConvStack(
      Array.from({ length: numLayers }, (_, layer) => [
        kernelSize,
        kernelSize,
        layer === 0 ? 3 : channels(layer - 1),
        channels(layer),
      ]),
      options.seed ?? 0,
    );
  }

  /**
   * Encodes frames.
   *
   * @param frames - `[batch, frames, height, width, 3]`, e.g. from {@link preprocessFrame}.
   * @returns `[batch, frames, width]`.
   */
  apply(frames: tf.Tensor5D): tf.Tensor3D {
    requireTensor({
      functionName: 'FrameConvEncoder.apply',
      argument: 'frames',
      value: frames,
      shape: [null, null, null, null, 3],
    });
    const [batch, count, height, width] = frames.shape;
    if (height < 1 || width < 1) {
      throw invalidArgument({
        functionName: 'FrameConvEncoder.apply',
        argument: 'frames',
        received: frames,
        expected: 'non-empty frames',
        code: 'SHAPE_MISMATCH',
      });
    }
    return tf.tidy(() => {
      const x = this.convs.apply(
        tf.reshape(frames, [batch * count, height, width, 3]) as tf.Tensor4D,
        (input, filter) => conv2dSame(input, filter as tf.Tensor4D, 2),
      );
      return tf.reshape(tf.mean(x, [1, 2]), [batch, count, this.width]) as tf.Tensor3D;
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
