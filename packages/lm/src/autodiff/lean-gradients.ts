import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { type TapeNode, tapeEngine } from './tape-engine.js';
import { tapePath } from './tape-path.js';

/**
 * Options of {@link leanGradients}.
 *
 * @category Memory
 */
export interface LeanGradientsOptions {
  /** Builds the tensor to differentiate; runs under the gradient tape. */
  f: () => tf.Tensor;
  /** Tensors (usually variables) to differentiate with respect to. */
  xs: readonly tf.Tensor[];
  /**
   * Weights of `f()`'s elements: the gradients are those of `sum(f() * dy)`. Not disposed.
   *
   * @defaultValue ones of `f()`'s shape
   */
  dy?: tf.Tensor;
}

/**
 * Result of {@link leanGradients}.
 *
 * @category Memory
 */
export interface LeanGradientsResult {
  /** `f()`'s value (owned by the caller). */
  value: tf.Tensor;
  /** One gradient per entry of `xs`, `undefined` where `f()` does not depend on it (owned by the caller). */
  grads: Array<tf.Tensor | undefined>;
}

/**
 * Reverse-mode gradients with the memory of the backward pass freed as it goes. TensorFlow.js's
 * own `tf.grads` / `tf.variableGrads` keep every tensor an op saved for its gradient, and every
 * intermediate gradient, until the whole backward pass ends, so its peak holds all the forward
 * activations and about as many gradients again. This walk frees a node's saved tensors and the
 * gradients of its outputs as soon as it has passed the node, so the peak is the forward
 * activations plus the gradients in flight. Same kernels and gradient functions as TensorFlow.js,
 * so the results are the same (to the last bit, in the same order of additions).
 *
 * Runs nested inside a custom gradient's backward pass too (activation recomputation); it then
 * restores the tape of the pass that called it. Called while a tape records (a gradient of a
 * gradient), it defers to TensorFlow.js's own walk, which keeps what the outer tape needs.
 *
 * @param options - The function, the tensors to differentiate with respect to, and `dy`.
 * @returns `f()`'s value and the gradients.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { leanGradients } from '@r1kit/lm';
 * const w = tf.variable(tf.tensor1d([1, 2, 3]));
 * const { value, grads } = leanGradients({ f: () => tf.sum(tf.square(w)), xs: [w] });
 * // value 14, grads[0] = [2, 4, 6]
 * tf.dispose([value, ...grads.filter((g) => g !== undefined)]);
 * w.dispose();
 * ```
 *
 * @category Memory
 */
export function leanGradients(options: LeanGradientsOptions): LeanGradientsResult {
  const { f, xs, dy } = options;
  if (typeof f !== 'function') {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `leanGradients: options.f must be a function returning a tensor, got ${typeof f}`,
    });
  }
  if (!Array.isArray(xs) || xs.length === 0 || !xs.every((x) => x instanceof tf.Tensor)) {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: 'leanGradients: options.xs must be a non-empty array of tensors',
    });
  }
  const engine = tapeEngine();
  if (engine.state.gradientDepth > 0) {
    // Called while an outer tape records (a higher-order gradient): that tape must keep what it
    // saved, so nothing may be freed early.
    const { value, grads } = engine.gradients(f, [...xs], dy, true);
    return { value, grads: grads.map((grad) => grad ?? undefined) };
  }
  const outerTape = engine.state.activeTape;
  let tape: TapeNode[] = [];
  let value: tf.Tensor;
  try {
    value = engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () => engine.tidy('forward', f),
    ) as tf.Tensor;
  } catch (error) {
    // The forward pass failed: free what its ops saved for a backward pass that will not run.
    for (const node of engine.state.activeTape ?? []) tf.dispose(node.saved ?? []);
    throw error;
  } finally {
    tape = engine.state.activeTape ?? [];
    engine.state.activeTape = outerTape;
  }
  try {
    if (!(value instanceof tf.Tensor)) {
      throw new R1kitError({
        code: 'INVALID_ARGUMENT',
        message: `leanGradients: options.f must return a tensor, got ${typeof value}`,
      });
    }
    if (dy !== undefined && (dy.dtype !== 'float32' || !sameShape(dy.shape, value.shape))) {
      throw new R1kitError({
        code: 'SHAPE_MISMATCH',
        message: `leanGradients: options.dy must be float32 of f()'s shape [${value.shape}], got ${dy.dtype} [${dy.shape}]`,
      });
    }
    const path = tapePath(tape, xs, value);
    // Saved tensors of nodes off the path are never read: free them now.
    const onPath = new Set(path.map((node) => node.id));
    for (const node of tape) if (!onPath.has(node.id)) tf.dispose(node.saved ?? []);
    const grads = tf.tidy(() => backward(path, xs, value, dy));
    return { value, grads };
  } catch (error) {
    for (const node of tape) tf.dispose(node.saved ?? []);
    (value as tf.Tensor | undefined)?.dispose();
    throw error;
  }
}

/** Walks `path` backward from `value`, freeing each node's saved tensors and output gradients. */
function backward(
  path: readonly TapeNode[],
  xs: readonly tf.Tensor[],
  value: tf.Tensor,
  dy: tf.Tensor | undefined,
): Array<tf.Tensor | undefined> {
  const wanted = new Set(xs.map((x) => x.id));
  const gradients = new Map<number, tf.Tensor>();
  // The tensor objects in `gradients`: an entry is disposed on its own, so none may be shared.
  const held = new Set<tf.Tensor>();
  const hold = (id: number, grad: tf.Tensor) => {
    gradients.set(id, grad);
    held.add(grad);
  };
  hold(value.id, dy ?? tf.onesLike(value));
  for (let index = path.length - 1; index >= 0; index--) {
    const node = path[index]!;
    const dys = node.outputs.map((output) => gradients.get(output.id) ?? null);
    if (node.gradient === undefined) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `leanGradients: no gradient is registered for the kernel ${node.kernelName} (import @tensorflow/tfjs, which registers them, or a backend that has it)`,
      });
    }
    const thunks = node.gradient(dys as tf.Tensor[]);
    for (const name of Object.keys(node.inputs)) {
      const input = node.inputs[name]!;
      const thunk = thunks[name];
      if (thunk === undefined) {
        throw new R1kitError({
          code: 'UNSUPPORTED',
          message: `leanGradients: the gradient of ${node.kernelName} has no entry for its input ${name}`,
        });
      }
      let dx = tf.tidy(thunk);
      if (dx.dtype !== 'float32' || !sameShape(dx.shape, input.shape)) {
        throw new R1kitError({
          code: 'SHAPE_MISMATCH',
          message: `leanGradients: the gradient of ${node.kernelName}'s input ${name} is ${dx.dtype} [${dx.shape}], expected float32 [${input.shape}]`,
        });
      }
      // A gradient function may hand back `dy` itself, or one tensor for two inputs; entries are
      // freed one by one, so each gets a handle of its own.
      if (held.has(dx)) dx = tf.clone(dx);
      const sum = gradients.get(input.id);
      if (sum === undefined) {
        hold(input.id, dx);
      } else {
        hold(input.id, tf.add(sum, dx));
        held.delete(sum);
        sum.dispose();
        dx.dispose();
      }
    }
    tf.dispose(node.saved ?? []);
    for (const output of node.outputs) {
      const grad = gradients.get(output.id);
      if (grad === undefined || wanted.has(output.id)) continue;
      gradients.delete(output.id);
      held.delete(grad);
      if (grad !== dy) grad.dispose();
    }
  }
  return xs.map((x) => gradients.get(x.id));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, axis) => size === b[axis]);
}
