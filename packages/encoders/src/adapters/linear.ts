import * as tf from '@tensorflow/tfjs-core';
import { type AdapterModule, createVariable, requirePositiveIntegers } from './module.js';

/**
 * Options for {@link Linear}.
 *
 * @category Adapters
 */
export interface LinearOptions {
  /** Input features. */
  inputSize: number;
  /** Output features. */
  outputSize: number;
  /**
   * Seed of the weight initialiser (the bias uses `seed + 1`).
   *
   * @defaultValue `0`
   */
  seed?: number;
  /**
   * Whether to add a bias.
   *
   * @defaultValue `true`
   */
  useBias?: boolean;
}

/**
 * A fully connected layer `y = x W + b` over the last axis of a tensor of any rank >= 1, with
 * PyTorch's default initialisation (uniform in `±1/sqrt(inputSize)`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Linear } from '@r1kit/encoders';
 * const layer = new Linear({ inputSize: 4, outputSize: 2, seed: 1 });
 * const y = layer.apply(tf.ones([3, 4])); // [3, 2]
 * layer.dispose();
 * ```
 *
 * @category Adapters
 */
export class Linear implements AdapterModule {
  /** `[inputSize, outputSize]`. */
  readonly weight: tf.Variable;
  /** `[outputSize]`, or `undefined` without bias. */
  readonly bias: tf.Variable | undefined;
  /** Input features. */
  readonly inputSize: number;
  /** Output features. */
  readonly outputSize: number;

  /** Creates the layer's variables. */
  constructor(options: LinearOptions) {
    const sizes = requirePositiveIntegers('Linear', {
      inputSize: options.inputSize,
      outputSize: options.outputSize,
    });
    this.inputSize = sizes.inputSize;
    this.outputSize = sizes.outputSize;
    const seed = options.seed ?? 0;
    const bound = 1 / Math.sqrt(this.inputSize);
    this.weight = createVariable(() =>
      tf.randomUniform([this.inputSize, this.outputSize], -bound, bound, 'float32', seed),
    );
    this.bias =
      options.useBias === false
        ? undefined
        : createVariable(() =>
            tf.randomUniform([this.outputSize], -bound, bound, 'float32', seed + 1),
          );
  }

  /**
   * Applies the layer to the last axis.
   *
   * @param input - `[..., inputSize]`.
   * @returns `[..., outputSize]`.
   */
  apply<T extends tf.Tensor>(input: T): T {
    return tf.tidy(() => {
      const shape = input.shape;
      const flat = tf.reshape(input, [-1, this.inputSize]) as tf.Tensor2D;
      let out: tf.Tensor = tf.matMul(flat, this.weight as tf.Tensor2D);
      if (this.bias !== undefined) out = tf.add(out, this.bias);
      return tf.reshape(out, [...shape.slice(0, -1), this.outputSize]) as T;
    });
  }

  /** The weight (and bias) by name. */
  namedVariables(): Record<string, tf.Variable> {
    return this.bias === undefined
      ? { weight: this.weight }
      : { weight: this.weight, bias: this.bias };
  }

  /** Frees the variables. */
  dispose(): void {
    this.weight.dispose();
    this.bias?.dispose();
  }
}
