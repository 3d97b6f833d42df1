import type * as TfModule from '@tensorflow/tfjs-core';
import type { KernelRegistry } from './share-wasm-identity.js';
import {
  heapOffset,
  heapView,
  type KernelFunction,
  type WasmBackendInternals,
} from './wasm-internals.js';

/** Marks the registered kernel as ours, so registering twice is a no-op. */
const marker = Symbol.for('r1kit.wasmTransposeInRuns');

/** Shorter contiguous runs than this keep the stock kernel (element-wise moves are its job). */
const minimumRun = 16;

/**
 * Makes the wasm backend's `Transpose` copy whole contiguous runs when the last axes stay in
 * place, as in attention's `[batch, time, heads, headDim] -> [batch, heads, time, headDim]`:
 * the stock kernel moves one element at a time (about 16 ns each here), this one copies each
 * `headDim` run at once. Other permutations, runs shorter than 16 elements and strings keep the
 * stock kernel. Values are identical. Installed by {@link tuneWasmKernels}.
 */
export function wasmTransposeInRuns(tf: KernelRegistry): void {
  const original = tf.getKernel('Transpose', 'wasm');
  if (original === undefined || (original as unknown as Record<symbol, boolean>)[marker]) return;
  const stock = original.kernelFunc as unknown as KernelFunction;
  const kernelFunc: KernelFunction = (args) => {
    const x = args.inputs.x;
    const perm = args.attrs?.perm as number[];
    const rank = x.shape.length;
    // Trailing axes that keep their place form the runs.
    let kept = rank;
    while (kept > 0 && perm[kept - 1] === kept - 1) kept--;
    const run = x.shape.slice(kept).reduce((product, extent) => product * extent, 1);
    if (x.dtype === 'string' || kept === 0 || run < minimumRun) return stock(args);
    const backend = args.backend as WasmBackendInternals;
    const outShape = perm.map((axis) => x.shape[axis]);
    const total = x.shape.reduce((product, extent) => product * extent, 1);
    const out = backend.makeOutput(outShape, x.dtype);
    if (total === 0) return out;
    const strides = new Array<number>(rank).fill(1);
    for (let axis = rank - 2; axis >= 0; axis--)
      strides[axis] = strides[axis + 1] * x.shape[axis + 1];
    const source = heapView(backend, x.dtype, heapOffset(backend, x), total);
    const target = heapView(backend, x.dtype, heapOffset(backend, out), total);
    // Walk the output's leading axes in order; each step copies one run from the input.
    const sourceStride = perm.slice(0, kept).map((axis) => strides[axis]);
    const extents = outShape.slice(0, kept);
    const index = new Array<number>(kept).fill(0);
    let start = 0;
    for (let offset = 0; offset < total; offset += run) {
      target.set(source.subarray(start, start + run), offset);
      for (let axis = kept - 1; axis >= 0; axis--) {
        start += sourceStride[axis];
        if (++index[axis] < extents[axis]) break;
        start -= sourceStride[axis] * extents[axis];
        index[axis] = 0;
      }
    }
    return out;
  };
  tf.unregisterKernel('Transpose', 'wasm');
  const config: TfModule.KernelConfig & Record<symbol, boolean> = {
    kernelName: 'Transpose',
    backendName: 'wasm',
    kernelFunc: kernelFunc as unknown as TfModule.KernelFunc,
    [marker]: true,
  };
  tf.registerKernel(config);
}
