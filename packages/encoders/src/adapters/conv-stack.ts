import * as tf from '@tensorflow/tfjs-core';
import { gelu } from './gelu.js';
import { type AdapterModule, createVariable } from './module.js';

/**
 * The layers of a small conv encoder (`FrameConvEncoder`, `LogMelConvEncoder`): one
 * filter and one bias per layer, initialised like PyTorch's conv layers (uniform in
 * `±1/sqrt(fanIn)`, where `fanIn` is the product of every filter axis but the last, the output
 * channels), the filter of layer `l` from seed `seed + 2l` and its bias from `seed + 2l + 1`.
 *
 * @internal
 */
export class ConvStack implements AdapterModule {
  private readonly filters: tf.Variable[] = [];
  private readonly biases: tf.Variable[] = [];

  /**
   * Creates the variables.
   *
   * @param filterShapes - The filter shape of each layer, output channels last.
   * @param seed - Seed of the first filter.
   */
  constructor(filterShapes: readonly number[][], seed: number) {
    filterShapes.forEach((shape, layer) => {
      const outChannels = shape[shape.length - 1]!;
      const fanIn = shape.slice(0, -1).reduce((product, size) => product * size, 1);
      const bound = 1 / Math.sqrt(fanIn);
      this.filters.push(
        createVariable(() => tf.randomUniform(shape, -bound, bound, 'float32', seed + 2 * layer)),
      );
      this.biases.push(
        createVariable(() =>
          tf.randomUniform([outChannels], -bound, bound, 'float32', seed + 2 * layer + 1),
        ),
      );
    });
  }

  /**
   * Runs every layer, `x = gelu(conv(x, filter, layer) + bias)`; call it inside `tf.tidy`.
   *
   * @param input - The input of the first layer.
   * @param conv - The convolution of one layer (its stride may depend on `layer`).
   * @returns The output of the last layer.
   */
  apply<T extends tf.Tensor>(input: T, conv: (x: T, filter: tf.Variable, layer: number) => T): T {
    return this.filters.reduce(
      (x, filter, layer) => gelu(tf.add(conv(x, filter, layer), this.biases[layer]!) as T),
      input,
    );
  }

  /** Filters and biases by layer: `conv<l>.filter`, `conv<l>.bias`. */
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
