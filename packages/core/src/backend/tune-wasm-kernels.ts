import { type KernelRegistry, shareWasmIdentity } from './share-wasm-identity.js';
import { xnnpackBatchMatMul } from './wasm-batch-mat-mul.js';
import { wasmSliceInPlace } from './wasm-slice.js';
import { wasmTransposeInRuns } from './wasm-transpose.js';

/**
 * Replaces six kernels of tfjs-backend-wasm with versions that give the same values (products:
 * up to float32 rounding order) with less copying and more of the work on XNNPACK, which is
 * what a transformer's training step on wasm spends its time and memory on:
 *
 * - `Identity` shares its input's buffer instead of copying it ({@link shareWasmIdentity}).
 * - `BatchMatMul` runs batched and transposed products on XNNPACK, one matrix pair at a time,
 *   instead of the stock generic loop (about 2 GFLOP/s against 20-30 on one core): attention's
 *   scores and weighted values and every product of `matMul`'s gradient. Batched products with
 *   fewer than 8 result rows or columns (one-token decode steps) keep the stock kernel. A
 *   weight marked by `keepTransposedCopy` is transposed once for all its `x w^T` products.
 *   Which operand gets transposed is chosen by what it costs: XNNPACK packs the right operand
 *   of each product afresh, at several times the cost of transposing an element. Products with
 *   at least 16 result rows and a multiple of 16 columns run on r1kit's own SIMD module
 *   instead (same bits by default; see `selectBackend`'s `wasmRelaxedSimd`).
 * - `Slice`, `SplitV` and `Unpack` read the wasm heap in place; the stock `Slice` first copies
 *   its whole input out of the heap, once per piece.
 * - `Transpose` copies whole runs when the last axes keep their place (attention's head
 *   reshuffles) instead of one element at a time, and transposes matrices in 4 x 4 blocks with
 *   a small WebAssembly SIMD module of its own that shares tfjs-wasm's memory (JavaScript
 *   tiles where WebAssembly SIMD is missing).
 *
 * `selectBackend` calls this when it activates wasm; call it yourself after
 * `tf.setBackend('wasm')` when you select the backend without `selectBackend`. Idempotent; a
 * no-op when the wasm backend is not registered.
 *
 * @param tf - The `@tensorflow/tfjs-core` (or `@tensorflow/tfjs`) module in use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { tuneWasmKernels } from '@r1kit/core';
 * await tf.setBackend('wasm');
 * tuneWasmKernels(tf);
 * const scores = tf.matMul(tf.ones([8, 64, 32]), tf.ones([8, 48, 32]), false, true);
 * console.log(scores.shape); // [8, 64, 48]
 * ```
 *
 * @category Backend
 */
export function tuneWasmKernels(tf: KernelRegistry): void {
  shareWasmIdentity(tf);
  wasmTransposeInRuns(tf);
  xnnpackBatchMatMul(tf);
  wasmSliceInPlace(tf);
}
