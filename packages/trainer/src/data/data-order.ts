import { invalidArgument, requireInteger } from '@r1kit/core';

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
  /** Shuffle seed. */
  seed: number;
  /** Whether epochs are shuffled. */
  shuffle: boolean;
  /** Current epoch (0-based). */
  epoch: number;
  /** Index of the next example within the current epoch's permutation. */
  position: number;
}

/**
 * A deterministic stream of dataset indices, epoch after epoch. Epoch `e` is a Fisher-Yates
 * permutation driven by a 32-bit generator seeded from `(seed, e)`, so the order depends only on
 * the seed and a checkpoint needs just `{ epoch, position }` to continue exactly.
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
  private state: DataOrderState;
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
    this.state = { size, seed, shuffle: options.shuffle ?? true, epoch: 0, position: 0 };
    this.permutation = this.permutationOf(0);
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
        this.permutation = this.permutationOf(this.state.epoch);
      }
      indices.push(this.permutation[this.state.position]!);
      this.state.position += 1;
    }
    return indices;
  }

  /** A copy of the position, for checkpoints. */
  getState(): DataOrderState {
    return { ...this.state };
  }

  /** Continues from a saved position; the dataset size must match. */
  setState(state: DataOrderState): void {
    if (
      !state ||
      state.size !== this.state.size ||
      !Number.isInteger(state.epoch) ||
      !Number.isInteger(state.position) ||
      state.position < 0 ||
      state.position > state.size
    ) {
      throw invalidArgument({
        functionName: 'DataOrder.setState',
        argument: 'state',
        received: state,
        expected: `a DataOrderState for a dataset of size ${this.state.size} (the dataset changed since the checkpoint?)`,
        code: 'INVALID_STATE',
      });
    }
    this.state = { ...state };
    this.permutation = this.permutationOf(state.epoch);
  }

  private permutationOf(epoch: number): number[] {
    const indices = Array.from({ length: this.state.size }, (_, index) => index);
    if (!this.state.shuffle) return indices;
    const random = mulberry32((this.state.seed * 0x9e3779b1 + epoch * 0x85ebca6b) >>> 0);
    for (let index = indices.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [indices[index], indices[other]] = [indices[other]!, indices[index]!];
    }
    return indices;
  }
}

/** Mulberry32: a small 32-bit generator, enough for shuffling. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
