import type * as TfModule from '@tensorflow/tfjs-core';
import type { KernelRegistry } from './share-wasm-identity.js';
import { type HeapGemm, simdGemm } from './simd-gemm.js';
import { panelColumns } from './simd-gemm-module.js';
import { simdTranspose } from './simd-transpose.js';
import {
  heapOffset,
  type KernelFunction,
  registerAlias,
  releaseAlias,
  type WasmBackendInternals,
} from './wasm-internals.js';
import { markTransposedCopyReader, transposedCopy } from './wasm-transposed-copies.js';

/** Marks the registered kernel as ours, so registering twice is a no-op. */
const marker = Symbol.for('r1kit.xnnpackBatchMatMul');

/**
 * Batched products with fewer result rows or columns than this keep the stock kernel: one-token
 * decode steps (3 query rows per key/value head), where packing one operand per matrix pair
 * costs more than the generic loop saves.
 */
const minimumRows = 8;

/** The wasm `BatchMatMul` function: ids and shapes in, result written under `outId`. */
type WasmProduct = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

const products = new WeakMap<object, WasmProduct>();

function wasmProduct(backend: WasmBackendInternals): WasmProduct {
  let product = products.get(backend);
  if (product === undefined) {
    // a id, a shape, a rank, b id, b shape, b rank, transposeA, transposeB, out id.
    const types = ['number', 'array', 'number', 'number', 'array', 'number'];
    product = backend.wasm.cwrap('BatchMatMul', null, [
      ...types,
      'number',
      'number',
      'number',
    ]) as WasmProduct;
    products.set(backend, product);
  }
  return product;
}

const count = (shape: readonly number[]) => shape.reduce((total, size) => total * size, 1);
const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

/**
 * The broadcast of two batch shapes when the batches pair up one to one or one side is a single
 * matrix; `undefined` otherwise (the stock kernel then handles it, or reports the mismatch).
 */
function pairedBatch(outerA: number[], outerB: number[]): number[] | undefined {
  const rank = Math.max(outerA.length, outerB.length);
  const padA = [...new Array(rank - outerA.length).fill(1), ...outerA];
  const padB = [...new Array(rank - outerB.length).fill(1), ...outerB];
  const outer: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const [x, y] = [padA[axis], padB[axis]];
    if (x !== y && x !== 1 && y !== 1) return undefined;
    outer.push(Math.max(x, y));
  }
  const [batchA, batchB, batch] = [count(outerA), count(outerB), count(outer)];
  if (batch !== Math.max(batchA, batchB)) return undefined;
  if (batchA !== batchB && Math.min(batchA, batchB) !== 1) return undefined;
  return outer;
}

/**
 * Cost of packing one element of a product's right operand, in units of one element moved by a
 * matrix transpose: XNNPACK packs every fresh right operand into its blocked layout (about
 * 220 million elements/s measured on attention's `[768, 256]` operands, two threads), where the
 * SIMD transpose moves 1.1-5 billion elements/s.
 */
const packingCost = 8;
/** Cost of moving one element by the JavaScript tiles (about 0.15-0.4 billion elements/s). */
const javascriptTransposeCost = 5;

/**
 * Whether `transpose(op(b)^T op(a)^T)` costs less than `op(a) op(b)`: each way round pays for
 * the transposes it makes (of `a`, `b` and, swapped, the result) and for packing its right
 * operand (`op(b)`, or swapped `op(a)^T`).
 */
function swapCosts(
  backend: WasmBackendInternals,
  product: {
    sizes: [number, number];
    transposes: [boolean, boolean];
    packed: [number, number];
    outSize: number;
  },
): boolean {
  const {
    sizes: [sizeA, sizeB],
    transposes: [transposeA, transposeB],
    packed,
    outSize,
  } = product;
  const move = simdTranspose(backend) === undefined ? javascriptTransposeCost : 1;
  const direct =
    move * ((transposeA ? sizeA : 0) + (transposeB ? sizeB : 0)) + packingCost * packed[0];
  const swapped =
    move * ((transposeB ? 0 : sizeB) + (transposeA ? 0 : sizeA) + outSize) +
    packingCost * packed[1];
  return swapped < direct;
}

/** An operand as `[batch, rows, columns]` of an existing buffer. */
interface Operand {
  info: TfModule.TensorInfo;
  batch: number;
  rows: number;
  columns: number;
}

/**
 * Products with at least this many result rows (per matrix pair) run on r1kit's SIMD module
 * ({@link simdGemm}) when their columns are a multiple of 16; fewer rows (decode steps) stay on
 * XNNPACK, which keeps its packed copy of a weight between calls where the module packs the
 * right operand on every call.
 */
const gemmRows = 16;

/** The SIMD module when it takes a product of `rows x columns` results, else `undefined`. */
function gemmFor(
  backend: WasmBackendInternals,
  rows: number,
  columns: number,
): HeapGemm | undefined {
  if (rows < gemmRows || columns % panelColumns !== 0) return undefined;
  return simdGemm(backend);
}

/** Runs `left x right` on the SIMD module, one matrix pair (or one tall left stack) at a time. */
function gemmProduct(
  backend: WasmBackendInternals,
  gemm: HeapGemm,
  operands: { left: Operand; right: Operand; batch: number; out: TfModule.TensorInfo },
): void {
  const { left, right, batch, out } = operands;
  const { rows, columns: inner } = left;
  const columns = right.columns;
  const scratchInfo = backend.makeOutput([gemm.scratchFloats(inner, columns)], 'float32');
  try {
    const [a, b, c, scratch] = [left.info, right.info, out, scratchInfo].map((info) =>
      heapOffset(backend, info),
    );
    const pairs = right.batch === 1 ? 1 : batch;
    // One shared right operand: the left batches stack into one tall matrix.
    const pairRows = right.batch === 1 ? left.batch * rows : rows;
    for (let index = 0; index < pairs; index++) {
      gemm({
        a: a + (left.batch === 1 ? 0 : 4 * index * pairRows * inner),
        b: b + 4 * index * inner * columns,
        c: c + 4 * index * pairRows * columns,
        scratch,
        rows: pairRows,
        inner,
        columns,
      });
    }
  } finally {
    backend.disposeData(scratchInfo.dataId, true);
  }
}

/** Runs `left x right` (both untransposed) into a new `[batch, left.rows, right.columns]`. */
function untransposedProduct(
  backend: WasmBackendInternals,
  left: Operand,
  right: Operand,
  batch: number,
): TfModule.TensorInfo {
  const { rows, columns: inner } = left;
  const columns = right.columns;
  const out = backend.makeOutput([batch, rows, columns], 'float32');
  const gemm = gemmFor(backend, rows, columns);
  if (gemm !== undefined) {
    gemmProduct(backend, gemm, { left, right, batch, out });
    return out;
  }
  const product = wasmProduct(backend);
  const idOf = (info: TfModule.TensorInfo) => {
    const data = backend.dataIdMap.get(info.dataId);
    if (data === undefined) throw new Error('BatchMatMul: an operand is not on the wasm backend');
    return data.id;
  };
  if (right.batch === 1) {
    // One call: the left batches stack into one tall matrix against the shared right operand.
    const tall = [1, left.batch * rows, inner];
    product(
      idOf(left.info),
      shapeBytes(tall),
      3,
      idOf(right.info),
      shapeBytes([1, inner, columns]),
      3,
      false,
      false,
      idOf(out),
    );
    return out;
  }
  const leftShape = shapeBytes([1, rows, inner]);
  const rightShape = shapeBytes([1, inner, columns]);
  const [leftBase, rightBase, outBase] = [left.info, right.info, out].map((info) =>
    heapOffset(backend, info),
  );
  for (let index = 0; index < batch; index++) {
    const leftId =
      left.batch === 1
        ? idOf(left.info)
        : registerAlias(backend, leftBase + 4 * index * rows * inner, rows * inner);
    const rightId = registerAlias(
      backend,
      rightBase + 4 * index * inner * columns,
      inner * columns,
    );
    const outId = registerAlias(backend, outBase + 4 * index * rows * columns, rows * columns);
    product(leftId, leftShape, 3, rightId, rightShape, 3, false, false, outId);
    if (left.batch !== 1) releaseAlias(backend, leftId);
    releaseAlias(backend, rightId);
    releaseAlias(backend, outId);
  }
  return out;
}

/**
 * Makes the wasm backend's `BatchMatMul` run every product on XNNPACK. tfjs-wasm hands a
 * product to XNNPACK only when it is a single matrix pair with neither operand transposed; a
 * batched product (attention's `[batch, heads, time, headDim]` scores and their gradients) or
 * a transposed one (`matMul`'s own gradient) falls to a generic loop at about 2 GFLOP/s
 * instead of 20-30. This kernel transposes what needs it first (the smaller side: `a b^T` may
 * run as `transpose(b a^T)`) and runs a batch as one XNNPACK product per matrix pair, reading
 * each pair in place. Values are those of the stock kernel up to float32 rounding order.
 * Batched products with fewer than 8 result rows or columns keep the stock kernel. Products
 * with at least 16 result rows per pair and a multiple of 16 columns go to r1kit's SIMD module
 * ({@link simdGemm}) instead of XNNPACK; the layout choice (`swapCosts`) still prices XNNPACK's
 * packing for them. Installed by {@link tuneWasmKernels}.
 */
export function xnnpackBatchMatMul(tf: KernelRegistry): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transposeKernel = tf.getKernel('Transpose', 'wasm');
  if (original === undefined || transposeKernel === undefined) return;
  if ((original as unknown as Record<symbol, boolean>)[marker]) {
    markTransposedCopyReader();
    return;
  }
  const stock = original.kernelFunc as unknown as KernelFunction;
  const transpose = transposeKernel.kernelFunc as unknown as KernelFunction;
  const kernelFunc: KernelFunction = (args) => {
    const { a, b } = args.inputs as { a: TfModule.TensorInfo; b: TfModule.TensorInfo };
    const transposeA = Boolean(args.attrs?.transposeA);
    const transposeB = Boolean(args.attrs?.transposeB);
    const [rankA, rankB] = [a.shape.length, b.shape.length];
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || rankA < 2 || rankB < 2) {
      return stock(args);
    }
    const rows = a.shape[transposeA ? rankA - 1 : rankA - 2];
    const inner = a.shape[transposeA ? rankA - 2 : rankA - 1];
    const innerB = b.shape[transposeB ? rankB - 1 : rankB - 2];
    const columns = b.shape[transposeB ? rankB - 2 : rankB - 1];
    const outer = pairedBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (outer === undefined || inner !== innerB || rows * inner * columns === 0) return stock(args);
    const batch = count(outer);
    const [batchA, batchB] = [count(a.shape.slice(0, -2)), count(b.shape.slice(0, -2))];
    const backend = args.backend as WasmBackendInternals;
    if (transposeB && !transposeA && batchB === 1) {
      // A weight marked by keepTransposedCopy: read its kept transposed copy untransposed.
      const copy = transposedCopy(backend, b, transpose);
      if (copy !== undefined) {
        const left = { info: a, batch: batchA, rows, columns: inner };
        const right = { info: copy, batch: 1, rows: inner, columns };
        const out = untransposedProduct(backend, left, right, batch);
        return { dataId: out.dataId, shape: [...outer, rows, columns], dtype: 'float32' };
      }
    }
    if (batch === 1 && !transposeA && !transposeB) {
      if (gemmFor(backend, rows, columns) === undefined) return stock(args);
      const left = { info: a, batch: 1, rows, columns: inner };
      const right = { info: b, batch: 1, rows: inner, columns };
      const out = untransposedProduct(backend, left, right, 1);
      return { dataId: out.dataId, shape: [...outer, rows, columns], dtype: 'float32' };
    }
    if (batch > 1 && Math.min(rows, columns) < minimumRows) return stock(args);
    const swap = swapCosts(backend, {
      sizes: [count(a.shape), count(b.shape)],
      transposes: [transposeA, transposeB],
      packed: [batchB * inner * columns, batchA * inner * rows],
      outSize: batch * rows * columns,
    });
    const temporary: TfModule.TensorInfo[] = [];
    // `[batch, r, c]` of `x`, transposed to `[batch, c, r]` when `flip`.
    const operand = (
      info: TfModule.TensorInfo,
      count: number,
      r: number,
      c: number,
      flip: boolean,
    ): Operand => {
      if (!flip) return { info, batch: count, rows: r, columns: c };
      const x = { dataId: info.dataId, shape: [count, r, c], dtype: info.dtype };
      const flipped = transpose({ inputs: { x }, backend, attrs: { perm: [0, 2, 1] } });
      temporary.push(flipped as TfModule.TensorInfo);
      return { info: flipped as TfModule.TensorInfo, batch: count, rows: c, columns: r };
    };
    const [aRows, aColumns] = transposeA ? [inner, rows] : [rows, inner];
    const [bRows, bColumns] = transposeB ? [columns, inner] : [inner, columns];
    try {
      let out: TfModule.TensorInfo;
      if (!swap) {
        const left = operand(a, batchA, aRows, aColumns, transposeA);
        const right = operand(b, batchB, bRows, bColumns, transposeB);
        out = untransposedProduct(backend, left, right, batch);
      } else {
        // op(b)^T is b itself when transposeB, else b transposed; likewise op(a)^T.
        const left = operand(b, batchB, bRows, bColumns, !transposeB);
        const right = operand(a, batchA, aRows, aColumns, !transposeA);
        const flippedOut = untransposedProduct(backend, left, right, batch);
        temporary.push(flippedOut);
        const x = {
          dataId: flippedOut.dataId,
          shape: [batch, columns, rows],
          dtype: 'float32' as const,
        };
        out = transpose({
          inputs: { x },
          backend,
          attrs: { perm: [0, 2, 1] },
        }) as TfModule.TensorInfo;
      }
      return { dataId: out.dataId, shape: [...outer, rows, columns], dtype: 'float32' };
    } finally {
      for (const info of temporary) backend.disposeData(info.dataId);
    }
  };
  const config: TfModule.KernelConfig & Record<symbol, boolean> = {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: kernelFunc as unknown as TfModule.KernelFunc,
    [marker]: true,
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(config);
  markTransposedCopyReader();
}
