import type { WasmBackendInternals } from './wasm-internals.js';

/** A `WebAssembly.Memory` (this package compiles without the DOM's WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** The parts of the global `WebAssembly` object that r1kit's own modules use. */
export interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The emscripten module's memory: `wasmMemory` (threaded build) or the instance's export. */
interface ModuleMemory {
  wasmMemory?: WasmMemory;
  asm?: { memory?: WasmMemory };
}

/** The global `WebAssembly` object, or `undefined` in a runtime without one. */
export function webAssemblyApi(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/**
 * The `WebAssembly.Memory` of tfjs-wasm's heap, for r1kit's modules to import, or `undefined`
 * when it is not reachable. Not compared with `HEAPU8`'s buffer: after the heap grows,
 * emscripten refreshes its views lazily, and a shared memory hands out a new buffer object on
 * every growth.
 */
export function wasmMemoryOf(backend: WasmBackendInternals): WasmMemory | undefined {
  const api = webAssemblyApi();
  const module = backend.wasm as unknown as ModuleMemory;
  const memory = module.wasmMemory ?? module.asm?.memory;
  return api !== undefined && memory instanceof api.Memory ? memory : undefined;
}
