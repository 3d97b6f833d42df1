import { panelColumns, simdGemmModule } from './simd-gemm-module.js';
import { type WasmMemory, webAssemblyApi } from './wasm-memory.js';

/**
 * `c = a b` on the wasm heap of a backend: `a` is `[rows, inner]`, `b` `[inner, columns]`, `c`
 * `[rows, columns]`, all float32, row-major and contiguous, given as byte offsets; `scratch` is
 * space for `scratchFloats(inner, columns)` floats, where the right operand is packed a slab of
 * panels at a time. `columns` must be a multiple of 16.
 * @internal
 */
export type HeapGemm = ((product: {
  a: number;
  b: number;
  c: number;
  scratch: number;
  rows: number;
  inner: number;
  columns: number;
}) => void) & {
  /** The scratch floats a product of this depth and width needs. */
  scratchFloats: (inner: number, columns: number) => number;
  /** Threads that can take a part of a product now: 1, or 1 + the helpers that have started. */
  readyThreads?: () => number;
};

/**
 * Floats of packed right operand held at a time per thread: 4 MiB, or one panel when a panel is
 * larger. A product's right operand is packed and used a slab of panels at a time, so scratch
 * stays small even for a `[vocab, hidden]` operand (544 MB for Qwen2.5-0.5B's embedding).
 * @internal
 */
export function slabPanels(inner: number, columns: number): number {
  return Math.min(
    columns / panelColumns,
    Math.max(1, Math.floor((1 << 20) / (panelColumns * inner))),
  );
}

/** The module's exports (byte offsets and strides, element counts). @internal */
export interface GemmExports {
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

/** Whether `memory` is shared (tfjs-wasm's threaded build). @internal */
export const isShared = (memory: WasmMemory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/** The compiled module and an instance of it on `memory`. @internal */
export interface GemmInstance {
  module: object;
  exports: GemmExports;
}

/**
 * Compiles {@link simdGemmModule} for `memory` and instantiates it, or `undefined` where the
 * runtime cannot (no WebAssembly SIMD, or no relaxed SIMD when `fusedMultiplyAdd`, which
 * switches it on in Node.js 20: see {@link relaxedSimd}).
 * @internal
 */
export function gemmInstance(options: {
  memory: WasmMemory;
  fusedMultiplyAdd: boolean;
}): GemmInstance | undefined {
  const { memory, fusedMultiplyAdd } = options;
  const api = webAssemblyApi();
  if (api === undefined || (fusedMultiplyAdd && !relaxedSimd())) return undefined;
  const bytes = simdGemmModule({ shared: isShared(memory), fusedMultiplyAdd });
  if (!api.validate(bytes)) return undefined;
  try {
    const module = new api.Module(bytes);
    const instance = new api.Instance(module, { env: { memory } });
    return { module, exports: instance.exports as unknown as GemmExports };
  } catch {
    return undefined;
  }
}

/**
 * A {@link HeapGemm} on `memory` by a fresh instance of {@link simdGemmModule} on this thread,
 * or `undefined` where the runtime cannot compile it (see {@link gemmInstance}).
 * @internal
 */
export function heapGemm(options: {
  memory: WasmMemory;
  fusedMultiplyAdd: boolean;
}): HeapGemm | undefined {
  const instance = gemmInstance(options);
  if (instance === undefined) return undefined;
  const { exports } = instance;
  const gemm: HeapGemm = ({ a, b, c, scratch, rows, inner, columns }) => {
    const panels = columns / panelColumns;
    computeRange(exports, {
      a,
      b,
      c,
      scratch,
      inner,
      columns,
      row0: 0,
      row1: rows,
      panel0: 0,
      panel1: panels,
      slab: slabPanels(inner, columns),
      packed: 0,
    });
  };
  gemm.scratchFloats = (inner, columns) => panelColumns * inner * slabPanels(inner, columns);
  return gemm;
}

/**
 * One part of a product: result rows `[row0, row1)` x panels `[panel0, panel1)`. With `packed`
 * 0 the part packs its panels itself, `slab` at a time, into `scratch`; with 1, `scratch`
 * already holds every panel of the product, packed. @internal
 */
export interface GemmRange {
  a: number;
  b: number;
  c: number;
  scratch: number;
  inner: number;
  columns: number;
  row0: number;
  row1: number;
  panel0: number;
  panel1: number;
  slab: number;
  packed: number;
}

/**
 * Computes one {@link GemmRange} with the module's exports: for each slab of panels, packs it
 * (unless packed already), then passes of at most 512 steps of the depth (later passes add to
 * the sums so far) over about 128 KiB of rows of `a` at a time, so that a panel slice and the
 * rows stay in cache. Self-contained, names no outer binding: helper threads run its source
 * text (`computeRange.toString()`).
 * @internal
 */
export function computeRange(exports: GemmExports, range: GemmRange): void {
  const { gemm2, gemm1, pack } = exports;
  const { a, b, c, scratch, inner, columns, row0, row1, panel0, panel1, slab, packed } = range;
  // 16 columns per panel: 64 bytes per depth step.
  const panelBytes = 64 * inner;
  const depthBlock = 512;
  const chunk = Math.max(16, Math.floor(131072 / (4 * Math.min(inner, depthBlock))) & ~1);
  const [aStride, cStride] = [4 * inner, 4 * columns];
  if (row1 <= row0) return;
  for (let first = panel0; first < panel1; first += packed ? panel1 - panel0 : slab) {
    const panels = Math.min(packed ? panel1 - panel0 : slab, panel1 - first);
    let panelBase = scratch + first * panelBytes;
    if (!packed) {
      pack(b + 64 * first, scratch, inner, panels, cStride);
      panelBase = scratch;
    }
    for (let depth0 = 0; depth0 < inner; depth0 += depthBlock) {
      const depth = Math.min(depthBlock, inner - depth0);
      const accumulate = depth0 > 0 ? 1 : 0;
      const panelStart = panelBase + 64 * depth0;
      for (let start = row0; start < row1; start += chunk) {
        const count = Math.min(chunk, row1 - start);
        const aRow = a + 4 * (start * inner + depth0);
        const cRow = c + 4 * (start * columns + 16 * first);
        // Pairs of rows, then the odd last row on its own.
        const blocks = [
          { kernel: gemm2, rowBlocks: count >> 1, offset: 0 },
          { kernel: gemm1, rowBlocks: count % 2, offset: count - 1 },
        ];
        for (const { kernel, rowBlocks, offset } of blocks) {
          if (rowBlocks === 0) continue;
          const [aAt, cAt] = [aRow + offset * aStride, cRow + offset * cStride];
          kernel(
            aAt,
            panelStart,
            cAt,
            rowBlocks,
            panels,
            depth,
            aStride,
            cStride,
            panelBytes,
            accumulate,
          );
        }
      }
    }
  }
}
