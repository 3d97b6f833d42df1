import type * as TfModule from '@tensorflow/tfjs-core';
import type { KernelFunction, WasmBackendInternals } from './wasm-internals.js';

/** Buffers (tfjs data ids) that products read transposed again and again. */
const marked = new WeakSet<object>();

/** Per wasm backend: a marked buffer's data id -> its transposed copy (a backend-only buffer). */
const copiesByBackend = new WeakMap<object, Map<object, TfModule.TensorInfo>>();

/** Whether r1kit's `BatchMatMul` (which reads the copies) is registered; set by that kernel. */
let reader = false;

/** Set by {@link ignoreTransposedCopies}: marks are refused, for comparisons. */
let ignored = false;

/** Records that r1kit's wasm `BatchMatMul` kernel is registered (it reads the copies). */
export function markTransposedCopyReader(): void {
  reader = true;
}

/**
 * Makes {@link keepTransposedCopy} a no-op that returns `false` for the rest of the process
 * (`R1KIT_WASM_KERNELS=no-transposed-copies` in `selectBackend`, to measure what the copies buy).
 */
export function ignoreTransposedCopies(): void {
  ignored = true;
}

/**
 * Declares that products will read `weight` transposed many times (`tf.matMul(x, weight, false,
 * true)`, as the backward pass of `x weight` does for a frozen weight: `dx = dy weight^T`). On the
 * wasm backend with {@link tuneWasmKernels} installed, the first such product makes one
 * transposed copy of `weight` and every later one reads it, so XNNPACK also keeps its packed copy
 * of it (as it does for a weight read untransposed) instead of transposing and packing on every
 * call: about 17% of a `[512, 1536] x [1536, 576]` product on two threads here. The copy (as
 * large as `weight`, plus its packed copy, neither counted by `tf.memory()`) is freed with the
 * weight's buffer: when the tensor is disposed or a variable is assigned new values. Only for
 * tensors whose values stay while they are read this way (tfjs buffers never change, so any
 * tensor qualifies; the point is reuse).
 *
 * @param weight - The tensor products will read transposed.
 * @returns Whether the copy will be used: `false` when r1kit's wasm `BatchMatMul` is not
 *   installed in this process (then the mark has no effect) or `selectBackend` ran with
 *   `R1KIT_WASM_KERNELS=no-transposed-copies`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { keepTransposedCopy, tuneWasmKernels } from '@r1kit/core';
 * await tf.setBackend('wasm');
 * tuneWasmKernels(tf);
 * const weight = tf.variable(tf.ones([64, 96]), false);
 * console.log(keepTransposedCopy(weight)); // true
 * const dx = tf.matMul(tf.ones([8, 96]), weight, false, true); // copies weight^T once
 * console.log(dx.shape); // [8, 64]
 * weight.dispose(); // frees the copy too
 * ```
 *
 * @category Backend
 */
export function keepTransposedCopy(weight: { dataId: object }): boolean {
  if (ignored) return false;
  marked.add(weight.dataId);
  return reader;
}

/**
 * Frees a buffer's copy when the backend disposes the buffer itself (its last tensor disposed,
 * or a variable assigned new values), by wrapping the backend's `disposeData` once.
 */
function watchDisposals(
  backend: WasmBackendInternals,
  copies: Map<object, TfModule.TensorInfo>,
): void {
  const dispose = backend.disposeData.bind(backend);
  backend.disposeData = (dataId: object, force?: boolean) => {
    const disposed = dispose(dataId, force);
    const copy = copies.get(dataId);
    if (copy !== undefined && !backend.dataIdMap.has(dataId)) {
      copies.delete(dataId);
      dispose(copy.dataId, true);
    }
    return disposed;
  };
}

/**
 * The transposed copy (last two axes swapped) of `info` when it was marked by
 * {@link keepTransposedCopy}, made on first use; `undefined` for unmarked buffers.
 */
export function transposedCopy(
  backend: WasmBackendInternals,
  info: TfModule.TensorInfo,
  transpose: KernelFunction,
): TfModule.TensorInfo | undefined {
  if (!marked.has(info.dataId)) return undefined;
  let copies = copiesByBackend.get(backend);
  if (copies === undefined) {
    copies = new Map();
    copiesByBackend.set(backend, copies);
    watchDisposals(backend, copies);
  }
  let copy = copies.get(info.dataId);
  if (copy === undefined) {
    const rank = info.shape.length;
    const perm = [...Array(rank).keys()];
    [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
    copy = transpose({ inputs: { x: info }, backend, attrs: { perm } }) as TfModule.TensorInfo;
    copies.set(info.dataId, copy);
  }
  return copy;
}
