import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapGemm, relaxedSimd, simdGemm } from './simd-gemm.js';
import { simdGemmModule } from './simd-gemm-module.js';
import { tuneWasmKernels } from './tune-wasm-kernels.js';
import type { WasmBackendInternals } from './wasm-internals.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  tuneWasmKernels(tf);
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
      }) => { buffer: ArrayBuffer };
      validate(bytes: Uint8Array): boolean;
    };
  }
).WebAssembly;

/** Deterministic values in [-1, 1). */
const wave = (length: number, seed: number) =>
  Float32Array.from({ length }, (_, i) => Math.sin(i * 0.731 + seed * 1.37) * 0.9);

/** Largest |x - y| / (1 + |y|) of a float32 result against a float64 one. */
function worst(actual: Float32Array, expected: Float64Array): number {
  let max = 0;
  for (let i = 0; i < expected.length; i++) {
    max = Math.max(max, Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  }
  return max;
}

function float64Product(a: Float32Array, b: Float32Array, rows: number, inner: number) {
  const columns = b.length / inner;
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < inner; k++) {
      const value = a[r * inner + k]!;
      for (let c = 0; c < columns; c++) out[r * columns + c]! += value * b[k * columns + c]!;
    }
  }
  return out;
}

describe('the SIMD matrix product module', () => {
  // relaxedSimd() first: in Node 20 it switches relaxed SIMD on before the fused variants compile.
  const relaxed = relaxedSimd();

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('is valid WebAssembly (shared memory %s, fused multiply-add %s)', (shared, fused) => {
    const valid = webAssembly.validate(simdGemmModule({ shared, fusedMultiplyAdd: fused }));
    expect(valid).toBe(fused ? relaxed : true);
  });

  it('finds relaxed SIMD in this Node.js (switching it on where it is behind a flag)', () => {
    // Node 20-22 on x86-64 all compile it, with the flag or without.
    expect(relaxed).toBe(true);
  });

  it.each([
    // shared, fused, rows, inner, columns
    [false, false, 1, 1, 16],
    [false, true, 2, 3, 16],
    [true, true, 37, 70, 48],
    [false, true, 64, 576, 160],
    [true, false, 9, 1100, 32], // depth above the 512 block: the second pass accumulates
    [false, true, 300, 24, 16], // rows above one chunk
    [false, false, 5, 1537, 64],
  ])(
    'shared %s, fused %s: [%i, %i] x [%i-wide] equals the float64 product; nothing else written',
    (shared, fused, rows, inner, columns) => {
      const memory = shared
        ? new webAssembly.Memory({ initial: 256, maximum: 65536, shared: true })
        : new webAssembly.Memory({ initial: 256 });
      const gemm = heapGemm({ memory, fusedMultiplyAdd: fused });
      expect(gemm).toBeDefined();
      const [a, b] = [wave(rows * inner, 1), wave(inner * columns, 2)];
      // Offsets only 4-byte aligned on purpose, as tfjs buffers may be.
      const offsetA = 1028;
      const offsetB = offsetA + 4 * a.length + 12;
      const offsetC = offsetB + 4 * b.length + 36;
      const offsetPacked = offsetC + 4 * rows * columns + 68;
      new Float32Array(memory.buffer, offsetA, a.length).set(a);
      new Float32Array(memory.buffer, offsetB, b.length).set(b);
      const guard = new Float32Array(memory.buffer, offsetC - 32, rows * columns + 16).fill(-7);
      gemm!({
        a: offsetA,
        b: offsetB,
        c: offsetC,
        scratch: offsetPacked,
        rows,
        inner,
        columns,
      });
      const c = new Float32Array(memory.buffer, offsetC, rows * columns);
      expect(worst(c, float64Product(a, b, rows, inner))).toBeLessThan(2e-6 * Math.sqrt(inner));
      expect(Array.from(guard.subarray(0, 8))).toEqual(new Array(8).fill(-7));
      expect(Array.from(guard.subarray(8 + rows * columns))).toEqual(new Array(8).fill(-7));
      // The operands are read, never written.
      expect(new Float32Array(memory.buffer, offsetA, a.length)).toEqual(a);
      expect(new Float32Array(memory.buffer, offsetB, b.length)).toEqual(b);
    },
  );

  it('packs a deep right operand a slab of panels at a time, within its stated scratch', () => {
    const [rows, inner, columns] = [3, 70000, 48];
    const memory = new webAssembly.Memory({ initial: 400 });
    const gemm = heapGemm({ memory, fusedMultiplyAdd: false })!;
    // 4 MiB per slab: one 16-column panel of 70000 steps (4.5 MB) is more, so one at a time.
    expect(gemm.scratchFloats(inner, columns)).toBe(16 * inner);
    expect(gemm.scratchFloats(576, 1536)).toBe(16 * 576 * 96); // 3.5 MB: all 96 panels at once
    const [a, b] = [wave(rows * inner, 7), wave(inner * columns, 8)];
    const offsetB = 4 * a.length;
    const offsetC = offsetB + 4 * b.length;
    const scratch = offsetC + 4 * rows * columns;
    new Float32Array(memory.buffer, 0, a.length).set(a);
    new Float32Array(memory.buffer, offsetB, b.length).set(b);
    const guard = new Float32Array(
      memory.buffer,
      scratch + 4 * gemm.scratchFloats(inner, columns),
      64,
    );
    guard.fill(-7);
    gemm({ a: 0, b: offsetB, c: offsetC, scratch, rows, inner, columns });
    const c = new Float32Array(memory.buffer, offsetC, rows * columns);
    expect(worst(c, float64Product(a, b, rows, inner))).toBeLessThan(2e-6 * Math.sqrt(inner));
    expect(Array.from(guard)).toEqual(new Array(64).fill(-7));
  });

  it('propagates NaN and infinity to the results they reach, and only those', () => {
    const memory = new webAssembly.Memory({ initial: 16 });
    const gemm = heapGemm({ memory, fusedMultiplyAdd: relaxedSimd() })!;
    const [rows, inner, columns] = [4, 8, 32];
    const a = wave(rows * inner, 3);
    const b = wave(inner * columns, 4);
    a[1 * inner + 5] = Number.NaN; // row 1: every column NaN
    b[2 * columns + 17] = Number.POSITIVE_INFINITY; // column 17: infinite where a[r, 2] != 0
    new Float32Array(memory.buffer, 0, a.length).set(a);
    new Float32Array(memory.buffer, 4096, b.length).set(b);
    gemm({ a: 0, b: 4096, c: 16384, scratch: 32768, rows, inner, columns });
    const c = new Float32Array(memory.buffer, 16384, rows * columns);
    for (let r = 0; r < rows; r++) {
      for (let column = 0; column < columns; column++) {
        const value = c[r * columns + column]!;
        if (r === 1) expect(value).toBeNaN();
        else if (column === 17) expect(Math.abs(value)).toBe(Number.POSITIVE_INFINITY);
        else expect(Number.isFinite(value)).toBe(true);
      }
    }
  });

  it("reaches tfjs-backend-wasm's memory, and tf.matMul takes it for products it can run", () => {
    const backend = tf.backend() as unknown as WasmBackendInternals;
    expect(simdGemm(backend)).toBeDefined();
    const [rows, inner, columns] = [33, 130, 64];
    const [a, b] = [wave(rows * inner, 5), wave(inner * columns, 6)];
    const before = tf.memory().numTensors;
    const product = tf.tidy(() =>
      tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, columns])).dataSync(),
    ) as Float32Array;
    expect(tf.memory().numTensors).toBe(before);
    expect(worst(product, float64Product(a, b, rows, inner))).toBeLessThan(2e-5);
    // Bit for bit the module's own result (multiply then add: the default).
    const memory = new webAssembly.Memory({ initial: 16 });
    new Float32Array(memory.buffer, 0, a.length).set(a);
    new Float32Array(memory.buffer, 65536, b.length).set(b);
    const gemm = heapGemm({ memory, fusedMultiplyAdd: false })!;
    gemm({ a: 0, b: 65536, c: 131072, scratch: 196608, rows, inner, columns });
    expect(product).toEqual(new Float32Array(memory.buffer, 131072, rows * columns));
  });
});
