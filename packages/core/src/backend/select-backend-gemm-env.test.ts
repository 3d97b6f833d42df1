import { afterAll, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';
import { heapGemm, simdGemm } from './simd-gemm.js';
import type { WasmBackendInternals } from './wasm-internals.js';

const saved = process.env.R1KIT_WASM_KERNELS;
afterAll(() => {
  if (saved === undefined) delete process.env.R1KIT_WASM_KERNELS;
  else process.env.R1KIT_WASM_KERNELS = saved;
});

it('R1KIT_WASM_KERNELS=no-simd-gemm leaves every product on XNNPACK, with the same values', async () => {
  process.env.R1KIT_WASM_KERNELS = 'no-simd-gemm';
  await selectBackend({ backend: 'wasm', log: false });
  const tf = await import('@tensorflow/tfjs');
  const config = tf.getKernel('BatchMatMul', 'wasm') as unknown as Record<symbol, boolean>;
  expect(config[Symbol.for('r1kit.xnnpackBatchMatMul')]).toBe(true);
  expect(simdGemm(tf.backend() as unknown as WasmBackendInternals)).toBeUndefined();
  const start = tf.memory().numTensors;
  // [32, 8] x [8, 16] of small integers: exact in float32 whatever the summation order.
  const values = tf.tidy(() =>
    tf
      .matMul(tf.reshape(tf.range(0, 256), [32, 8]), tf.reshape(tf.range(0, 128), [8, 16]))
      .dataSync(),
  );
  const expected = Array.from({ length: 32 * 16 }, (_, k) => {
    const [row, column] = [Math.floor(k / 16), k % 16];
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (row * 8 + i) * (i * 16 + column);
    return sum;
  });
  expect(Array.from(values)).toEqual(expected);
  expect(tf.memory().numTensors).toBe(start);
});

it("XNNPACK's products and the SIMD module's (multiply then add) agree bit for bit", async () => {
  const tf = await import('@tensorflow/tfjs');
  expect(tf.getBackend()).toBe('wasm');
  // Summation order matters here: values of mixed sign and scale, 600 terms (two depth passes).
  const [rows, inner, columns] = [19, 600, 48];
  const wave = (length: number, seed: number) =>
    Float32Array.from({ length }, (_, i) => Math.sin(i * 0.917 + seed) * 10 ** ((i % 7) - 3));
  const [a, b] = [wave(rows * inner, 1), wave(inner * columns, 2)];
  const xnnpack = tf.tidy(() =>
    tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, columns])).dataSync(),
  );
  const Memory = (
    globalThis as unknown as { WebAssembly: { Memory: new (d: object) => { buffer: ArrayBuffer } } }
  ).WebAssembly.Memory;
  const memory = new Memory({ initial: 32 });
  new Float32Array(memory.buffer, 0, a.length).set(a);
  new Float32Array(memory.buffer, 65536, b.length).set(b);
  heapGemm({ memory, fusedMultiplyAdd: false })!({
    a: 0,
    b: 65536,
    c: 262144,
    scratch: 393216,
    rows,
    inner,
    columns,
  });
  const module = new Float32Array(memory.buffer, 262144, rows * columns);
  expect(module).toEqual(xnnpack);
});
