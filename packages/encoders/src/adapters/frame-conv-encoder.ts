import { invalidArgument, requireInteger, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from './gelu.js';
import { type AdapterModule, createVariable } from './module.js';
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
  private readonly filters: tf.Variable[];
  private readonly biases: tf.Variable[];

  /** Creates the conv layers. */
  constructor(options: FrameConvEncoderOptions = {}) {
    const name = 'FrameConvEncoder';
    this.width = requireInteger({
      functionName: name,
      argument: 'options.width',
      value: options.width ?? 128,
      min: 1,
    });
    const layers = requireInteger({
      functionName: name,
      argument: 'options.numLayers',
      value: options.numLayers ?? 3,
      min: 1,
    });
    const base = requireInteger({
      functionName: name,
      argument: 'options.baseChannels',
      value: options.baseChannels ?? 16,
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
    let inChannels = 3;
    for (let layer = 0; layer < layers; layer++) {
      const outChannels = layer === layers - 1 ? this.width : base * 2 ** layer;
      const bound = 1 / Math.sqrt(kernel * kernel * inChannels);
      this.filters.push(
        createVariable(() =>
          tf.randomUniform(
            [kernel, kernel, inChannels, outChannels],
            -bound,
            bound,
            'float32',
            seed + 2 * layer,
          ),
        ),
      );
      this.biases.push(
        createVariable(() =>
          tf.randomUniform([outChannels], -bound, bound, 'float32', seed + 2 * layer + 1),
        ),
      );
      inChannels = outChannels;
    }
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
      let x = tf.reshape(frames, [batch * count, height, width, 3]) as tf.Tensor4D;
      this.filters.forEach((filter, layer) => {
        x = gelu(tf.add(conv2dSame(x, filter as tf.Tensor4D, 2), this.biases[layer]!));
      });
      return tf.reshape(tf.mean(x, [1, 2]), [batch, count, this.width]) as tf.Tensor3D;
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
