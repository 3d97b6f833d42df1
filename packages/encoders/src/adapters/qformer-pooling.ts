import { invalidArgument, requireInteger, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  collectVariables,
  createVariable,
  requirePositiveIntegers,
  SeedSequence,
  type TemporalPooling,
} from './module.js';
import { QFormerLayer } from './qformer-layer.js';

/**
 * Options for {@link QFormerPooling}.
 *
 * @category Adapters
 */
export interface QFormerPoolingOptions {
  /** Features per time step (also the Q-Former width). */
  inputSize: number;
  /**
   * Learned queries, i.e. output tokens per sample.
   *
   * @defaultValue `1`
   */
  numQueries?: number;
  /**
   * Q-Former layers (AffectGPT uses 2).
   *
   * @defaultValue `2`
   */
  numLayers?: number;
  /**
   * Attention heads; must divide `inputSize`.
   *
   * @defaultValue the largest of 8, 4, 2, 1 that divides `inputSize`
   */
  numHeads?: number;
  /**
   * Width of the feed-forward block.
   *
   * @defaultValue `4 * inputSize`
   */
  intermediateSize?: number;
  /**
   * Longest sequence the learned position embeddings cover (AffectGPT: 32 frames, 8 audio
   * clips, 264 for the fused sequence).
   *
   * @defaultValue `32`
   */
  maxPositions?: number;
  /**
   * Seed of the initialisers.
   *
   * @defaultValue `0`
   */
  seed?: number;
}

/**
 * A Q-Former-style pooling block: learned queries self-attend and cross-attend to the sequence
 * plus learned position embeddings, through `numLayers` BERT-style layers.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { QFormerPooling } from '@r1kit/encoders';
 * const pooling = new QFormerPooling({ inputSize: 32, numQueries: 2, seed: 1 });
 * pooling.apply(tf.ones([4, 8, 32])); // [4, 2, 32]
 * pooling.dispose();
 * ```
 *
 * @category Adapters
 */
export class QFormerPooling implements TemporalPooling {
  /** Number of learned queries. */
  readonly outputTokens: number;
  /** `[numQueries, inputSize]`. */
  readonly queries: tf.Variable;
  /** `[maxPositions, inputSize]`. */
  readonly positions: tf.Variable;
  /** The layers, first to last. */
  private readonly layers: QFormerLayer[];
  /** Features per step. */
  readonly inputSize: number;

  /** Creates the queries, position embeddings and layers. */
  constructor(options: QFormerPoolingOptions) {
    const name = 'QFormerPooling';
    const sizes = requirePositiveIntegers(name, {
      inputSize: options.inputSize,
      numQueries: options.numQueries ?? 1,
      numLayers: options.numLayers ?? 2,
    });
    this.inputSize = sizes.inputSize;
    this.outputTokens = sizes.numQueries;
    const numLayers = sizes.numLayers;
    const numHeads =
      options.numHeads ?? [8, 4, 2, 1].find((heads) => this.inputSize % heads === 0)!;
    requireInteger({ functionName: name, argument: 'options.numHeads', value: numHeads, min: 1 });
    if (this.inputSize % numHeads !== 0) {
      throw invalidArgument({
        functionName: name,
        argument: 'options.numHeads',
        received: numHeads,
        expected: `a divisor of inputSize (${this.inputSize})`,
      });
    }
    const { intermediateSize, maxPositions } = requirePositiveIntegers(name, {
      intermediateSize: options.intermediateSize ?? 4 * this.inputSize,
      maxPositions: options.maxPositions ?? 32,
    });
    const seeds = new SeedSequence(options.seed ?? 0);
    this.queries = createVariable(() =>
      tf.truncatedNormal([this.outputTokens, this.inputSize], 0, 0.02, 'float32', seeds.take()),
    );
    this.positions = createVariable(() =>
      tf.truncatedNormal([maxPositions, this.inputSize], 0, 0.02, 'float32', seeds.take()),
    );
    this.layers = Array.from(
      { length: numLayers },
      () => new QFormerLayer(this.inputSize, numHeads, intermediateSize, seeds),
    );
  }

  /**
   * Pools a sequence.
   *
   * @param sequence - `[batch, time, inputSize]` with `time <= maxPositions`.
   * @returns `[batch, numQueries, inputSize]`.
   */
  apply(sequence: tf.Tensor3D): tf.Tensor3D {
    requireTensor({
      functionName: 'QFormerPooling.apply',
      argument: 'sequence',
      value: sequence,
      shape: [null, null, this.inputSize],
    });
    const [batch, time] = sequence.shape;
    if (time > this.positions.shape[0]!) {
      throw invalidArgument({
        functionName: 'QFormerPooling.apply',
        argument: 'sequence.shape[1]',
        received: time,
        expected: `at most maxPositions (${this.positions.shape[0]})`,
        code: 'SHAPE_MISMATCH',
      });
    }
    return tf.tidy(() => {
      const context = tf.add(
        sequence,
        tf.slice(this.positions, [0, 0], [time, this.inputSize]),
      ) as tf.Tensor3D;
      let queries = tf.tile(tf.expandDims(this.queries, 0), [batch, 1, 1]) as tf.Tensor3D;
      for (const layer of this.layers) queries = layer.apply(queries, context);
      return queries;
    });
  }

  /** Every variable, by name. */
  namedVariables(): Record<string, tf.Variable> {
    const layers = Object.fromEntries(
      this.layers.map((layer, index) => [`layers.${index}`, layer]),
    );
    return collectVariables({ queries: this.queries, positions: this.positions, ...layers });
  }

  /** Frees every variable. */
  dispose(): void {
    this.queries.dispose();
    this.positions.dispose();
    for (const layer of this.layers) layer.dispose();
  }
}
