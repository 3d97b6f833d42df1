import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simdTranspose } from './simd-transpose.js';
import { simdTransposeModule } from './simd-transpose-module.js';
import type { WasmBackendInternals } from './wasm-internals.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(async () => {
  if (original) await tf.setBackend(original);
});

/** The global `WebAssembly` (this package compiles without the DOM's WebAssembly types). */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (descriptor: {
        initial: number;
        maximum?: number;
        shared?: boolean;
      }) => {
        buffer: ArrayBuffer;
      };
      validate(bytes: Uint8Array): boolean;
    };
  }
).WebAssembly;

/** A stand-in for tfjs-wasm's module: only the memory that the transpose reads. */
function fakeBackend(shared: boolean): {
  backend: WasmBackendInternals;
  memory: { buffer: ArrayBuffer };
} {
  const memory = shared
    ? new webAssembly.Memory({ initial: 64, maximum: 65536, shared: true })
    : new webAssembly.Memory({ initial: 64 });
  const wasm = shared
    ? { wasmMemory: memory, HEAPU8: new Uint8Array(memory.buffer) }
    : { asm: { memory }, HEAPU8: new Uint8Array(memory.buffer) };
  return { backend: { wasm } as unknown as WasmBackendInternals, memory };
}

describe('the 4 x 4 SIMD transpose module', () => {
  it.each([false, true])('is valid WebAssembly (shared memory %s)', (shared) => {
    expect(webAssembly.validate(simdTransposeModule(shared))).toBe(true);
  });

  it.each([
    [false, 1, 4, 4],
    [false, 1, 37, 41],
    [false, 3, 20, 33],
    [true, 2, 8, 13],
    [true, 1, 5, 3],
    [true, 1, 64, 1536],
    [false, 2, 70, 45],
  ])(
    'shared %s: %i matrices of %i x %i land transposed, bit for bit, nothing else written',
    (shared, batch, rows, columns) => {
      const { backend, memory } = fakeBackend(shared);
      const transpose = simdTranspose(backend);
      expect(transpose).toBeDefined();
      const total = batch * rows * columns;
      // Unaligned to 16 bytes on purpose (tfjs buffers are only 4-byte aligned for certain).
      const [source, target] = [1028, 1028 + 4 * total + 36];
      const input = new Float32Array(memory.buffer, source, total);
      for (let i = 0; i < total; i++) input[i] = Math.fround(Math.sin(i) * 1e3);
      input[1] = Number.NaN;
      const guard = new Float32Array(memory.buffer, target - 32, total + 16).fill(-7);
      transpose!(source, target, batch, rows, columns);
      const output = new Float32Array(memory.buffer, target, total);
      let wrong = 0;
      for (let m = 0; m < batch; m++) {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < columns; c++) {
            const want = input[m * rows * columns + r * columns + c]!;
            if (!Object.is(output[m * rows * columns + c * rows + r], want)) wrong++;
          }
        }
      }
      expect(wrong).toBe(0);
      expect(Array.from(guard.subarray(0, 8))).toEqual(new Array(8).fill(-7));
      expect(Array.from(guard.subarray(8 + total))).toEqual(new Array(8).fill(-7));
    },
  );

  it("reaches tfjs-backend-wasm's own memory", () => {
    const backend = tf.backend() as unknown as WasmBackendInternals;
    expect(simdTranspose(backend)).toBeDefined();
  });
});
