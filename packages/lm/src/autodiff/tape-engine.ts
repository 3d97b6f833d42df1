import * as tf from '@tensorflow/tfjs-core';

/**
 * One recorded op of TensorFlow.js's gradient tape (tfjs-core's `TapeNode`, not exported by its
 * public API): the inputs it was called with by name, its outputs, the tensors its gradient reads
 * (`saved`, clones kept alive until the backward pass frees them) and the gradient function.
 * @internal
 */
export interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  saved?: tf.Tensor[];
  gradient?: (dys: tf.Tensor[]) => Record<string, () => tf.Tensor>;
}

/** The parts of tfjs-core's engine that recording a tape needs (stable across tfjs 4.x). @internal */
export interface TapeEngine {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
  gradients(
    f: () => tf.Tensor,
    xs: tf.Tensor[],
    dy?: tf.Tensor,
    allowNoGradients?: boolean,
  ): { value: tf.Tensor; grads: Array<tf.Tensor | undefined> };
}

/** The engine of the tfjs-core copy this package resolves, seen through {@link TapeEngine}. @internal */
export function tapeEngine(): TapeEngine {
  return tf.engine() as unknown as TapeEngine;
}
