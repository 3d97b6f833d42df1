import { simdTransposeModule } from './simd-transpose-module.js';
import type { WasmBackendInternals } from './wasm-internals.js';
import { wasmMemoryOf, webAssemblyApi } from './wasm-memory.js';

/**
 * Transposes `batch` consecutive float32 (or int32) `[rows, columns]` matrices, from byte offset
 * `source` of the wasm heap to byte offset `target` (the buffers must not overlap).
 * @internal
 */
export type HeapTranspose = (
  source: number,
  target: number,
  batch: number,
  rows: number,
  columns: number,
) => void;

/** Side of the square tiles handed to the SIMD module (a multiple of 4). */
const tile = 32;

const transposers = new WeakMap<object, HeapTranspose | null>();

/** Set by {@link ignoreSimdTranspose}: the 4 x 4 SIMD transpose is not used. */
let ignored = false;

/**
 * Makes {@link simdTranspose} return `undefined` for the rest of the process (for comparisons:
 * `R1KIT_WASM_KERNELS=no-simd-transpose` in `selectBackend`).
 * @internal
 */
export function ignoreSimdTranspose(): void {
  ignored = true;
}

/**
 * A transpose on the wasm heap of `backend` by {@link simdTransposeModule}'s 4 x 4 SIMD blocks
 * (edge rows and columns moved in JavaScript), or `undefined` where that module cannot run: a
 * runtime without WebAssembly SIMD, or a tfjs-wasm whose memory is not reachable.
 * @internal
 */
export function simdTranspose(backend: WasmBackendInternals): HeapTranspose | undefined {
  if (ignored) return undefined;
  let transposer = transposers.get(backend.wasm);
  if (transposer === undefined) {
    transposer = instantiate(backend) ?? null;
    transposers.set(backend.wasm, transposer);
  }
  return transposer ?? undefined;
}

function instantiate(backend: WasmBackendInternals): HeapTranspose | undefined {
  const webAssembly = webAssemblyApi();
  const memory = wasmMemoryOf(backend);
  if (webAssembly === undefined || memory === undefined) return undefined;
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = simdTransposeModule(shared);
  if (!webAssembly.validate(bytes)) return undefined;
  let blocks: (
    source: number,
    target: number,
    rows: number,
    columns: number,
    sourceRowBytes: number,
    targetRowBytes: number,
  ) => void;
  try {
    const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
    blocks = instance.exports.transpose as typeof blocks;
  } catch {
    return undefined;
  }
  return (source, target, batch, rows, columns) => {
    const size = rows * columns;
    const [rows4, columns4] = [rows & ~3, columns & ~3];
    const heap = new Int32Array(memory.buffer);
    for (let matrix = 0; matrix < batch; matrix++) {
      const from = source + 4 * matrix * size;
      const to = target + 4 * matrix * size;
      // 32 x 32 tiles keep the written rows of the target in the cache: 1.1-5 billion elements
      // per second on the shapes of a training step, against 0.7-2.7 untiled.
      for (let row0 = 0; row0 < rows4; row0 += tile) {
        for (let column0 = 0; column0 < columns4; column0 += tile) {
          blocks(
            from + 4 * (row0 * columns + column0),
            to + 4 * (column0 * rows + row0),
            Math.min(tile, rows4 - row0),
            Math.min(tile, columns4 - column0),
            4 * columns,
            4 * rows,
          );
        }
      }
      const [input, output] = [from >>> 2, to >>> 2];
      // The edges: the last rows % 4 rows (all columns), then the last columns % 4 columns.
      for (let row = rows4; row < rows; row++) {
        for (let column = 0; column < columns; column++) {
          heap[output + column * rows + row] = heap[input + row * columns + column]!;
        }
      }
      for (let row = 0; row < rows4; row++) {
        for (let column = columns4; column < columns; column++) {
          heap[output + column * rows + row] = heap[input + row * columns + column]!;
        }
      }
    }
  };
}
