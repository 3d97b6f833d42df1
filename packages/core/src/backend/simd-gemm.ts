import { panelColumns, simdGemmModule } from './simd-gemm-module.js';
import type { WasmBackendInternals } from './wasm-internals.js';
import { type WasmMemory, wasmMemoryOf, webAssemblyApi } from './wasm-memory.js';

/**
 * `c = a b` on the wasm heap of a backend: `a` is `[rows, inner]`, `b` `[inner, columns]`, `c`
 * `[rows, columns]`, all float32, row-major and contiguous, given as byte offsets; `packed` is
 * scratch space for `inner * columns` floats. `columns` must be a multiple of 16.
 * @internal
 */
export type HeapGemm = (product: {
  a: number;
  b: number;
  c: number;
  packed: number;
  rows: number;
  inner: number;
  columns: number;
}) => void;

/** The module's exports (byte offsets and strides, element counts). */
interface GemmExports {
  gemm2: GemmFunction;
  gemm1: GemmFunction;
  pack(b: number, target: number, depth: number, panels: number, bRowBytes: number): void;
}

type GemmFunction = (
  a: number,
  packed: number,
  c: number,
  rowBlocks: number,
  panels: number,
  depth: number,
  aRowBytes: number,
  cRowBytes: number,
  panelBytes: number,
  accumulate: number,
) => void;

/** Rows of `a` read per pass over the panels: about 128 KiB of them, so they stay in cache. */
const chunkBytes = 128 * 1024;
/** Depth of one pass when `inner` is larger than this: each panel slice stays in cache. */
const depthBlock = 512;

/** Per tfjs-wasm module: the product without and with the fused multiply-add. */
const gemms = [new WeakMap<object, HeapGemm | null>(), new WeakMap<object, HeapGemm | null>()];

/** Set by {@link ignoreSimdGemm}: products stay on XNNPACK. */
let ignored = false;

/** Set by {@link useRelaxedSimd}: the module multiplies and adds in one fused step. */
let fused = false;

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
 * is about 1.1-1.4x faster here, but its results depend on the CPU (relaxed SIMD lets a runtime
 * without a fused instruction multiply and add separately). Set by `selectBackend`'s
 * `wasmRelaxedSimd`.
 * @internal
 */
export function useRelaxedSimd(enabled: boolean): void {
  fused = enabled;
}

/**
 * Whether this runtime compiles relaxed SIMD. Node 20 ships it behind V8's
 * `--experimental-wasm-relaxed-simd` flag (on by default from Node 22, and in browsers since
 * Chrome 114): in Node the flag is switched on here, at run time, before the first module that
 * uses it is compiled.
 * @internal
 */
export function relaxedSimd(): boolean {
  const api = webAssemblyApi();
  if (api === undefined) return false;
  const probe = simdGemmModule({ shared: false, fusedMultiplyAdd: true });
  if (api.validate(probe)) return true;
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  const v8 = process?.getBuiltinModule?.('node:v8') as
    | { setFlagsFromString(flags: string): void }
    | undefined;
  if (v8 === undefined) return false;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return api.validate(probe);
}

/**
 * Float32 products on the wasm heap of `backend` by {@link simdGemmModule} (blocks of 2 rows x
 * 16 columns held in registers, the right operand packed into 16-column panels first), or
 * `undefined` where that module cannot run: a runtime without WebAssembly SIMD, or a tfjs-wasm
 * whose memory is not reachable. It multiplies then adds in XNNPACK's order, or, after
 * {@link useRelaxedSimd}, fuses each step. On one thread here it runs a `[512, 576] x [576, 1536]`
 * product at about 47 GFLOP/s (fused; 30-35 not fused), where XNNPACK (as built into tfjs-wasm)
 * runs it at 26-31.
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

const isShared = (memory: WasmMemory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

function instantiate(backend: WasmBackendInternals): HeapGemm | undefined {
  const memory = wasmMemoryOf(backend);
  // The threaded build (shared memory) keeps XNNPACK, which runs a product on all its threads.
  if (memory === undefined || isShared(memory)) return undefined;
  return heapGemm({ memory, fusedMultiplyAdd: fused && relaxedSimd() });
}

/**
 * A {@link HeapGemm} on `memory` by a fresh instance of {@link simdGemmModule}, or `undefined`
 * where the runtime cannot compile it (no WebAssembly SIMD, or no relaxed SIMD when
 * `fusedMultiplyAdd`, which switches it on in Node.js 20: see {@link relaxedSimd}).
 * @internal
 */
export function heapGemm(options: {
  memory: WasmMemory;
  fusedMultiplyAdd: boolean;
}): HeapGemm | undefined {
  const { memory, fusedMultiplyAdd } = options;
  const api = webAssemblyApi();
  if (api === undefined || (fusedMultiplyAdd && !relaxedSimd())) return undefined;
  const bytes = simdGemmModule({ shared: isShared(memory), fusedMultiplyAdd });
  if (!api.validate(bytes)) return undefined;
  let exports: GemmExports;
  try {
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    exports = instance.exports as unknown as GemmExports;
  } catch {
    return undefined;
  }
  const { gemm2, gemm1, pack } = exports;
  return ({ a, b, c, packed, rows, inner, columns }) => {
    const panels = columns / panelColumns;
    const panelBytes = 4 * panelColumns * inner;
    pack(b, packed, inner, panels, 4 * columns);
    const chunk = Math.max(16, Math.floor(chunkBytes / (4 * Math.min(inner, depthBlock))) & ~1);
    for (let depth0 = 0; depth0 < inner; depth0 += depthBlock) {
      const depth = Math.min(depthBlock, inner - depth0);
      const accumulate = depth0 > 0 ? 1 : 0;
      const panel0 = packed + 4 * panelColumns * depth0;
      for (let row0 = 0; row0 < rows; row0 += chunk) {
        const count = Math.min(chunk, rows - row0);
        const [aRow, cRow] = [a + 4 * (row0 * inner + depth0), c + 4 * row0 * columns];
        gemm2(
          aRow,
          panel0,
          cRow,
          count >> 1,
          panels,
          depth,
          4 * inner,
          4 * columns,
          panelBytes,
          accumulate,
        );
        if (count % 2 === 1) {
          const last = count - 1;
          gemm1(
            aRow + 4 * last * inner,
            panel0,
            cRow + 4 * last * columns,
            1,
            panels,
            depth,
            4 * inner,
            4 * columns,
            panelBytes,
            accumulate,
          );
        }
      }
    }
  };
}
