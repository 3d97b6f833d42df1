import type * as TfModule from '@tensorflow/tfjs-core';
import type { KernelRegistry } from './share-wasm-identity.js';
import {
  heapOffset,
  heapView,
  type KernelFunction,
  type WasmBackendInternals,
} from './wasm-internals.js';

/** Marks the registered kernels as ours, so registering twice is a no-op. */
const marker = Symbol.for('r1kit.wasmSliceInPlace');

type Args = Parameters<KernelFunction>[0];

/**
 * Copies the block `[begin, begin + size)` of `x` into a new tensor, reading the wasm heap in
 * place. Trailing axes taken whole are merged, so the copy runs in rows as long as possible.
 */
function sliceInPlace(
  backend: WasmBackendInternals,
  x: TfModule.TensorInfo,
  begin: number[],
  size: number[],
): TfModule.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const total = size.reduce((product, extent) => product * extent, 1);
  if (total === 0) return out;
  const shape = x.shape;
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1] * shape[axis + 1];
  // The innermost run: the last axis, extended over trailing axes that are taken whole.
  let runAxis = rank - 1;
  while (runAxis > 0 && size[runAxis] === shape[runAxis] && begin[runAxis] === 0) runAxis--;
  const run = size.slice(runAxis).reduce((product, extent) => product * extent, 1);
  const source = heapView(
    backend,
    x.dtype,
    heapOffset(backend, x),
    shape.reduce((p, d) => p * d, 1),
  );
  const target = heapView(backend, x.dtype, heapOffset(backend, out), total);
  const index = begin.slice(0, runAxis);
  const rows = total / run;
  for (let row = 0; row < rows; row++) {
    let start = begin[runAxis] * strides[runAxis];
    for (let axis = 0; axis < runAxis; axis++) start += index[axis] * strides[axis];
    target.set(source.subarray(start, start + run), row * run);
    for (let axis = runAxis - 1; axis >= 0; axis--) {
      if (++index[axis] < begin[axis] + size[axis]) break;
      index[axis] = begin[axis];
    }
  }
  return out;
}

/** `begin`/`size` as the `Slice` kernel receives them, resolved (`-1` = to the end). */
function resolve(shape: number[], begin: number[] | number, size?: number[] | number) {
  const starts = shape.map((_, axis) =>
    Array.isArray(begin) ? (begin[axis] ?? 0) : axis === 0 ? begin : 0,
  );
  const extents = shape.map((extent, axis) => {
    const requested = Array.isArray(size)
      ? size[axis]
      : size === undefined
        ? -1
        : axis === 0
          ? size
          : -1;
    return requested === undefined || requested === -1 ? extent - starts[axis] : requested;
  });
  return { starts, extents };
}

/**
 * Makes the wasm backend's `Slice`, `SplitV` and `Unpack` copy only the part they return.
 * tfjs-wasm's `Slice` first reads the whole input out of the wasm heap into a JavaScript array
 * (`readSync`) and `SplitV`/`Unpack` slice once per piece, so splitting a `[8, 9, 256, 64]`
 * tensor in two copied it three times, and a batch of 24 matrices taken apart one by one copied
 * the whole batch 24 times. These kernels read the heap in place. Values are identical. String
 * tensors keep the stock kernels. Installed by {@link tuneWasmKernels}.
 */
export function wasmSliceInPlace(tf: KernelRegistry): void {
  const stock = {
    Slice: tf.getKernel('Slice', 'wasm'),
    SplitV: tf.getKernel('SplitV', 'wasm'),
    Unpack: tf.getKernel('Unpack', 'wasm'),
  };
  if (stock.Slice === undefined || stock.SplitV === undefined || stock.Unpack === undefined) return;
  if ((stock.Slice as unknown as Record<symbol, boolean>)[marker]) return;
  const slice = (args: Args) => {
    const x = args.inputs.x;
    if (x.dtype === 'string') return stock.Slice!.kernelFunc(args as never);
    const { starts, extents } = resolve(
      x.shape,
      args.attrs?.begin as number[] | number,
      args.attrs?.size as number[] | number | undefined,
    );
    return sliceInPlace(args.backend as WasmBackendInternals, x, starts, extents);
  };
  const splitV = (args: Args) => {
    const x = args.inputs.x;
    if (x.dtype === 'string') return stock.SplitV!.kernelFunc(args as never);
    const rank = x.shape.length;
    const axis = ((args.attrs?.axis as number) + rank) % rank;
    const split = args.attrs?.numOrSizeSplits as number | number[];
    let sizes = Array.isArray(split) ? [...split] : new Array(split).fill(x.shape[axis] / split);
    const unknown = sizes.indexOf(-1);
    if (unknown >= 0) {
      sizes[unknown] =
        x.shape[axis] - sizes.reduce((total, part, i) => (i === unknown ? total : total + part), 0);
    }
    sizes = sizes.map(Number);
    const begin = new Array<number>(rank).fill(0);
    return sizes.map((part) => {
      const size = [...x.shape];
      size[axis] = part;
      const piece = sliceInPlace(args.backend as WasmBackendInternals, x, [...begin], size);
      begin[axis] += part;
      return piece;
    });
  };
  const unpack = (args: Args) => {
    const x = args.inputs.value;
    if (x.dtype === 'string') return stock.Unpack!.kernelFunc(args as never);
    const rank = x.shape.length;
    const axis = ((args.attrs?.axis as number) + rank) % rank;
    const outShape = x.shape.filter((_, i) => i !== axis);
    const size = [...x.shape];
    size[axis] = 1;
    return Array.from({ length: x.shape[axis] }, (_, i) => {
      const begin = new Array<number>(rank).fill(0);
      begin[axis] = i;
      const piece = sliceInPlace(args.backend as WasmBackendInternals, x, begin, size);
      return { dataId: piece.dataId, shape: outShape, dtype: piece.dtype };
    });
  };
  const kernels = { Slice: slice, SplitV: splitV, Unpack: unpack };
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    tf.unregisterKernel(kernelName, 'wasm');
    const config: TfModule.KernelConfig & Record<symbol, boolean> = {
      kernelName,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as TfModule.KernelFunc,
      [marker]: true,
    };
    tf.registerKernel(config);
  }
}
