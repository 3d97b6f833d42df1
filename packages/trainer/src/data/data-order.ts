import {
  invalidArgument,
  RandomGenerator,
  type RandomGeneratorState,
  requireInteger,
} from '@r1kit/core';

/**
 * Options of {@link DataOrder}.
 *
 * @category Data
 */
export interface DataOrderOptions {
  /** Number of examples in the dataset. */
  size: number;
  /**
   * Seed of the per-epoch shuffles.
   *
   * @defaultValue 0
   */
  seed?: number;
  /**
   * Whether each epoch visits the examples in a fresh seeded permutation (else in order).
   *
   * @defaultValue true
   */
  shuffle?: boolean;
}

/**
 * The serialisable position of a {@link DataOrder} (saved in checkpoints).
 *
 * @category Data
 */
export interface DataOrderState {
  /** Dataset size. */
  size: number;
  /** Whether epochs are shuffled. */
  shuffle: boolean;
  /** Current epoch (0-based). */
  epoch: number;
  /** Index of the next example within the current epoch's permutation. */
  position: number;
  /**
   * The `@r1kit/core` {@link RandomGenerator} state the current epoch's permutation was drawn
   * from (so the order needs nothing else to continue exactly).
   */
  random: RandomGeneratorState;
}

/**
 * A deterministic stream of dataset indices, epoch after epoch. Each epoch is a Fisher-Yates
 * permutation ({@link RandomGenerator.shuffle}) drawn from one `@r1kit/core` generator seeded
 * with `seed`, the next epoch continuing that generator's stream; a checkpoint stores the
 * generator state of the current epoch plus `{ epoch, position }` to continue exactly.
 *
 * @example
 * ```ts
 * import { DataOrder } from '@r1kit/trainer';
 * const order = new DataOrder({ size: 10, seed: 1 });
 * const batch = order.next(4); // four distinct indices in [0, 10)
 * ```
 *
 * @category Data
 */
export class DataOrder {
  private state: Omit<DataOrderState, 'random'>;
  /** The generator that draws the next epoch's permutation. */
  private random: RandomGenerator;
  /** Its state before the current epoch's permutation was drawn. */
  private epochStart: RandomGeneratorState;
  private permutation: number[];

  /** Starts at epoch 0, position 0. */
  constructor(options: DataOrderOptions) {
    const size = requireInteger({
      functionName: 'DataOrder',
      argument: 'options.size',
      value: options.size,
      min: 1,
    });
    const seed = requireInteger({
      functionName: 'DataOrder',
      argument: 'options.seed',
      value: options.seed ?? 0,
      min: 0,
    });
    this.state = { size, shuffle: options.shuffle ?? true, epoch: 0, position: 0 };
    this.random = RandomGenerator.fromSeed(seed);
    this.epochStart = this.random.getState();
    this.permutation = this.drawPermutation();
  }

  /** Current epoch (0-based). */
  get epoch(): number {
    return this.state.epoch;
  }

  /**
   * The next `count` indices, moving into the next epoch when this one is used up.
   *
   * @param count - How many indices.
   * @returns Dataset indices.
   */
  next(count: number): number[] {
    requireInteger({ functionName: 'DataOrder.next', argument: 'count', value: count, min: 1 });
    const indices: number[] = [];
    while (indices.length < count) {
      if (this.state.position >= this.state.size) {
        this.state.epoch += 1;
        this.state.position = 0;
        this.epochStart = this.random.getState();
        this.permutation = this.drawPermutation();
      }
      indices.push(this.permutation[this.state.position]!);
      this.state.position += 1;
    }
    return indices;
  }

  /** A copy of the position and generator state, for checkpoints. */
  getState(): DataOrderState {
    return { ...this.state, random: RandomGenerator.fromState(this.epochStart).getState() };
  }

  /** Continues from a saved position; the dataset size must match. */
  setState(state: DataOrderState): void {
    if (
      !state ||
      state.size !== this.state.size ||
      !Number.isInteger(state.epoch) ||
      !Number.isInteger(state.position) ||
      state.position < 0 ||
      state.position > state.size ||
      typeof state.random !== 'object'
    ) {
      throw invalidArgument({
        functionName: 'DataOrder.setState',
        argument: 'state',
        received: state,
        expected: `a DataOrderState { size, shuffle, epoch, position, random } for a dataset of size ${this.state.size} (the dataset changed since the checkpoint, or it predates the r1kit generator?)`,
        code: 'INVALID_STATE',
      });
    }
    let random: RandomGenerator;
    try {
      random = RandomGenerator.fromState(state.random);
    } catch (cause) {
      throw invalidArgument({
        functionName: 'DataOrder.setState',
        argument: 'state.random',
        received: state.random,
        expected: 'a RandomGeneratorState from DataOrder.getState',
        code: 'INVALID_STATE',
        cause,
      });
    }
    this.state = {
      size: state.size,
      shuffle: state.shuffle !== false,
      epoch: state.epoch,
      position: state.position,
    };
    this.random = random;
    this.epochStart = random.getState();
    this.permutation = this.drawPermutation();
  }

  /** The permutation of the epoch that starts now; advances the generator past it. */
  private drawPermutation(): number[] {
    const indices = Array.from({ length: this.state.size }, (_, index) => index);
    return this.state.shuffle ? this.random.shuffle(indices) : indices;
  }
}
