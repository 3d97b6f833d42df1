import { requireInteger } from '@r1kit/core';
import type * as tf from '@tensorflow/tfjs-core';
import { gelu } from './gelu.js';
import { Linear } from './linear.js';
import { type AdapterModule, collectVariables } from './module.js';

/**
 * Options for {@link Projector}.
 *
 * @category Adapters
 */
export interface ProjectorOptions {
  /** Features in. */
  inputSize: number;
  /** Features out (the LLM hidden size). */
  outputSize: number;
  /**
   * `'linear'` (AffectGPT's `*_llama_proj`) or `'mlp'` (Linear, GELU, Linear, as in LLaVA-1.5).
   *
   * @defaultValue `'linear'`
   */
  kind?: 'linear' | 'mlp';
  /**
   * Width of the MLP's hidden layer.
   *
   * @defaultValue `outputSize`
   */
  hiddenSize?: number;
  /**
   * Seed of the initialisers.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * Projects features into the LLM hidden size: linear or a 2-layer GELU MLP, over the last axis.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Projector } from '@r1kit/encoders';
 * const projector = new Projector({ inputSize: 1024, outputSize: 896, kind: 'mlp' });
 * projector.apply(tf.ones([2, 1, 1024])); // [2, 1, 896]
 * projector.dispose();
 * ```
 *
 * @category Adapters
 */
export class Projector implements AdapterModule {
  /** Which projector this is. */
  readonly kind: 'linear' | 'mlp';
  /** The first (for `'linear'`, the only) layer. */
  readonly first: Linear;
  /** The MLP's second layer. */
  readonly second: Linear | undefined;

  /** Creates the layers. */
  constructor(options: ProjectorOptions) {
    const outputSize = requireInteger({
      functionName: 'Projector',
      argument: 'options.outputSize',
      value: options.outputSize,
      min: 1,
    });
    const seed = options.seed ?? 0;
    this.kind = options.kind ?? 'linear';
    if (this.kind === 'linear') {
      this.first = new Linear({ inputSize: options.inputSize, outputSize, seed });
      this.second = undefined;
    } else {
      const hidden = requireInteger({
        functionName: 'Projector',
        argument: 'options.hiddenSize',
        value: options.hiddenSize ?? outputSize,
        min: 1,
      });
      this.first = new Linear({ inputSize: options.inputSize, outputSize: hidden, seed });
      this.second = new Linear({ inputSize: hidden, outputSize, seed: seed + 2 });
    }
  }

  /**
   * Projects the last axis.
   *
   * @param input - `[..., inputSize]`.
   * @returns `[..., outputSize]`.
   */
  apply<T extends tf.Tensor>(input: T): T {
    const first = this.first.apply(input);
    if (this.second === undefined) return first;
    const activated = gelu(first);
    first.dispose();
    const out = this.second.apply(activated);
    activated.dispose();
    return out;
  }

  /** The layers' variables. */
  namedVariables(): Record<string, tf.Variable> {
    return collectVariables({ first: this.first, second: this.second });
  }

  /** Frees the layers. */
  dispose(): void {
    this.first.dispose();
    this.second?.dispose();
  }
}
