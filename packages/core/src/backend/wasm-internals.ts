import type * as TfModule from '@tensorflow/tfjs-core';

/** The emscripten module of tfjs-backend-wasm, as far as r1kit's kernels use it. */
interface WasmModule {
  HEAPU8: Uint8Array;
  cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
  };
}

/**
 * The parts of tfjs-backend-wasm's `BackendWasm` (version 4.x) that r1kit's wasm kernels use:
 * its tensor table and the emscripten module. Not part of tfjs' public API.
 */
export interface WasmBackendInternals {
  wasm: WasmModule;
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number } | undefined;
    has(dataId: object): boolean;
  };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: TfModule.DataType): TfModule.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** A registered kernel's function, called directly from another kernel. */
export type KernelFunction = (args: {
  inputs: Record<string, TfModule.TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}) => TfModule.TensorInfo | TfModule.TensorInfo[];

/** The wasm heap offset of a tensor's buffer, in bytes. */
export function heapOffset(backend: WasmBackendInternals, info: TfModule.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('wasm kernel: a tensor is not on the wasm backend');
  return data.memoryOffset;
}

/**
 * A typed view of `size` elements at byte `offset` of the wasm heap (no copy), for the numeric
 * dtypes (`bool` is one byte per element, as tfjs-wasm stores it).
 */
export function heapView(
  backend: WasmBackendInternals,
  dtype: TfModule.DataType,
  offset: number,
  size: number,
): Float32Array | Int32Array | Uint8Array {
  const buffer = backend.wasm.HEAPU8.buffer;
  if (dtype === 'float32') return new Float32Array(buffer, offset, size);
  if (dtype === 'int32') return new Int32Array(buffer, offset, size);
  return new Uint8Array(buffer, offset, size);
}

/**
 * Registers a second tensor id for `size` float32 elements at byte `offset` of an existing
 * buffer, so a wasm kernel can read or write part of a tensor in place. Release it with
 * {@link releaseAlias}, which also frees whatever the wasm side cached under the id (XNNPACK's
 * packed right operands), never the buffer itself.
 */
export function registerAlias(backend: WasmBackendInternals, offset: number, size: number): number {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, offset);
  return id;
}

/** Releases an id from {@link registerAlias}. */
export function releaseAlias(backend: WasmBackendInternals, id: number): void {
  backend.wasm.tfjs.disposeData(id);
}
