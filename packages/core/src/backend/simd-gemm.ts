import { type HeapGemm, heapGemm, isShared, relaxedSimd } from './simd-gemm-kernel.js';
import { threadedHeapGemm } from './simd-gemm-threads.js';
import type { WasmBackendInternals } from './wasm-internals.js';
import { wasmMemoryOf } from './wasm-memory.js';

export { type HeapGemm, heapGemm, relaxedSimd } from './simd-gemm-kernel.js';

/** Per tfjs-wasm module: the product without and with the fused multiply-add. */
const gemms = [new WeakMap<object, HeapGemm | null>(), new WeakMap<object, HeapGemm | null>()];

/** Set by {@link ignoreSimdGemm}: products stay on XNNPACK. */
let ignored = false;

/** Set by {@link useRelaxedSimd}: the module multiplies and adds in one fused step. */
let fused = false;

/** Set by {@link useSimdGemmThreads}: threads of the threaded build's products. */
let threads = 1;

/**
 * Makes {@link simdGemm} return `undefined` for the rest of the process (for comparisons:
 * `R1KIT_WASM_KERNELS=no-simd-gemm` in `selectBackend`).
 * @internal
 */
export function ignoreSimdGemm(): void {
  ignored = true;
}

/**
 * Whether the products of {@link simdGemm} use relaxed SIMD's fused multiply-add (`true`, where
 * the runtime has relaxed SIMD) or multiply then add (`false`, the default). Multiply then add
 * sums in the order XNNPACK does, so products give the same bits as tfjs-wasm's own kernel, on
 * every machine; the fused step rounds once per term instead of twice (slightly more accurate),
 * runs a product about 1.2-1.5x faster here, but its results depend on the CPU (relaxed SIMD lets a runtime
 * without a fused instruction multiply and add separately). Set by `selectBackend`'s
 * `wasmRelaxedSimd`.
 * @internal
 */
export function useRelaxedSimd(enabled: boolean): void {
  fused = enabled;
}

/**
 * Float32 products on the wasm heap of `backend` by r1kit's SIMD module (blocks of 2 rows x
 * 16 columns held in registers, the right operand packed into 16-column panels first), or
 * `undefined` where that module cannot run: a runtime without WebAssembly SIMD, or a tfjs-wasm
 * whose memory is not reachable. It multiplies then adds in XNNPACK's order, or, after
 * {@link useRelaxedSimd}, fuses each step. On one thread here, in a SmolLM2 LoRA step's profile,
 * the fused module runs the large products at 34-43 GFLOP/s, where XNNPACK (as built into
 * tfjs-wasm) runs them at 27-29.
 * @internal
 */
export function simdGemm(backend: WasmBackendInternals): HeapGemm | undefined {
  if (ignored) return undefined;
  const cache = gemms[fused ? 1 : 0]!;
  let gemm = cache.get(backend.wasm);
  if (gemm === undefined) {
    gemm = instantiate(backend) ?? null;
    cache.set(backend.wasm, gemm);
  }
  return gemm ?? undefined;
}

function instantiate(backend: WasmBackendInternals): HeapGemm | undefined {
  const memory = wasmMemoryOf(backend);
  if (memory === undefined) return undefined;
  const fusedMultiplyAdd = fused && relaxedSimd();
  if (!isShared(memory)) return heapGemm({ memory, fusedMultiplyAdd });
  // The threaded build: the fused module on `threads` threads. Not fused, XNNPACK's own threads
  // ran a SmolLM2 LoRA step faster (61-68 against 51-57 tokens/s, alternating runs), so products
  // stay there; fused, the module won (62-69 against 50-56).
  return threads > 1 && fusedMultiplyAdd
    ? threadedHeapGemm({ memory, fusedMultiplyAdd, threads })
    : undefined;
}

/**
 * The threads that r1kit's SIMD products use in tfjs-wasm's threaded build (the calling thread
 * and `count - 1` helpers) with relaxed SIMD on; set by `selectBackend` to its `wasmThreads`.
 * With 1 (the default), or without relaxed SIMD, products in a threaded build stay on XNNPACK.
 * @internal
 */
export function useSimdGemmThreads(count: number): void {
  threads = count;
}
