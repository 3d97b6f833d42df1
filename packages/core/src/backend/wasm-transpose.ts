import type * as TfModule from '@tensorflow/tfjs-core';
import type { KernelRegistry } from './share-wasm-identity.js';
import { simdTranspose } from './simd-transpose.js';
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
 * Side of the square tiles of a matrix transpose: 8 x 8 tiles stay in the L1 cache and keep
 * narrow matrices (`[49152, 32]` head logits) fast too, where 16 x 16 tiles halve the speed.
 */
const tile = 8;

/** Matrices smaller than this keep the stock kernel. */
const minimumMatrix = 256;

/** Typed views that a transpose reads and writes. */
type HeapArray = ReturnType<typeof heapView>;

/**
 * Transposes each of `batch` consecutive `[rows, columns]` matrices of `source` into `target`, tile
 * by tile, so both reads and writes stay within a few cache lines.
 */
function transposeMatrices(
  source: HeapArray,
  target: HeapArray,
  batch: number,
  rows: number,
  columns: number,
): void {
  const size = rows * columns;
  for (let matrix = 0; matrix < batch; matrix++) {
    const base = matrix * size;
    for (let row0 = 0; row0 < rows; row0 += tile) {
      const row1 = Math.min(row0 + tile, rows);
      for (let column0 = 0; column0 < columns; column0 += tile) {
        const column1 = Math.min(column0 + tile, columns);
        for (let row = row0; row < row1; row++) {
          const from = base + row * columns;
          for (let column = column0; column < column1; column++) {
            target[base + column * rows + row] = source[from + column];
          }
        }
      }
    }
  }
}

/** Whether `perm` swaps the last two axes and keeps the others in place. */
function swapsLastTwo(perm: readonly number[]): boolean {
  const rank = perm.length;
  if (rank < 2 || perm[rank - 1] !== rank - 2 || perm[rank - 2] !== rank - 1) return false;
  return perm.slice(0, rank - 2).every((axis, index) => axis === index);
}

/**
 * Makes the wasm backend's `Transpose` copy whole contiguous runs when the last axes stay in
 * place, as in attention's `[batch, time, heads, headDim] -> [batch, heads, time, headDim]`:
 * the stock kernel moves one element at a time (about 16 ns each here), this one copies each
 * `headDim` run at once. Matrix transposes (the last two axes swapped, at least 256 elements per
 * matrix: the transposed operands of products and their gradients) go in 4 x 4 blocks of a small
 * WebAssembly SIMD module (about 1.1-5 billion elements/s here, 3-10x the JavaScript tiles), or,
 * where WebAssembly SIMD is missing, tile by tile in 8 x 8 JavaScript tiles, about 2.7x the
 * stock kernel's speed on a 512 x 576 matrix. Other permutations, shorter
 * runs and strings keep the stock kernel. Values are identical. Installed by
 * {@link tuneWasmKernels}.
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
    const rows = x.shape[rank - 2] ?? 1;
    const columns = x.shape[rank - 1] ?? 1;
    const matrices = swapsLastTwo(perm) && rows * columns >= minimumMatrix;
    if (
      !['float32', 'int32', 'bool'].includes(x.dtype) ||
      (!matrices && (kept === 0 || run < minimumRun))
    ) {
      return stock(args);
    }
    const backend = args.backend as WasmBackendInternals;
    const outShape = perm.map((axis) => x.shape[axis]);
    const total = x.shape.reduce((product, extent) => product * extent, 1);
    const out = backend.makeOutput(outShape, x.dtype);
    if (total === 0) return out;
    if (matrices) {
      const simd = x.dtype === 'bool' ? undefined : simdTranspose(backend);
      if (simd !== undefined) {
        simd(
          heapOffset(backend, x),
          heapOffset(backend, out),
          total / (rows * columns),
          rows,
          columns,
        );
        return out;
      }
      // float32 moves as int32 bits: one element type keeps the loop monomorphic (and exact).
      const bits = x.dtype === 'bool' ? 'bool' : 'int32';
      const source = heapView(backend, bits, heapOffset(backend, x), total);
      const target = heapView(backend, bits, heapOffset(backend, out), total);
      transposeMatrices(source, target, total / (rows * columns), rows, columns);
      return out;
    }
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
