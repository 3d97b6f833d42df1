import { Worker } from 'node:worker_threads';
import type * as TfModule from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { selectBackend } from './select-backend.js';
import { heapGemm, simdGemm } from './simd-gemm.js';
import { simdTranspose } from './simd-transpose.js';
import type { WasmBackendInternals } from './wasm-internals.js';

// Runs in its own worker (vitest isolates test files), so the wasm backend starts here first,
// with two threads; select-backend.test.ts covers the single-threaded start.

const savedEnv = process.env.R1KIT_WASM_THREADS;

afterEach(() => {
  if (savedEnv === undefined) delete process.env.R1KIT_WASM_THREADS;
  else process.env.R1KIT_WASM_THREADS = savedEnv;
});

/** Deterministic inputs: a [256, 512] activation and a [512, 384] weight. */
function inputs(): { x: number[]; w: number[] } {
  const wave = (length: number, scale: number) =>
    Array.from({ length }, (_, i) => Math.sin(i * scale) + Math.cos(i * 0.37) * 0.5);
  return { x: wave(256 * 512, 0.013), w: wave(512 * 384, 0.071) };
}

/**
 * The product `x w` and the gradient of `sum(tanh(x w))` with respect to `w` (which needs the
 * products with transposed operands), on whatever backend `tf` runs. The same source runs in the
 * single-threaded worker below.
 */
const computeSource = `(tf, x, w) => {
  const a = tf.tensor2d(x, [256, 512]);
  const b = tf.tensor2d(w, [512, 384]);
  const product = tf.matMul(a, b);
  const gradient = tf.grad((weight) => tf.sum(tf.tanh(tf.matMul(a, weight))))(b);
  const result = { product: Array.from(product.dataSync()), gradient: Array.from(gradient.dataSync()) };
  tf.dispose([a, b, product, gradient]);
  return result;
}`;

type Compute = (
  tf: typeof TfModule,
  x: number[],
  w: number[],
) => { product: number[]; gradient: number[] };

/** The same computation on single-threaded tfjs-wasm, in a worker with its own tfjs instance. */
function singleThreaded(x: number[], w: number[]): Promise<ReturnType<Compute>> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const tf = require('@tensorflow/tfjs');
    require('@tensorflow/tfjs-backend-wasm');
    tf.setBackend('wasm').then(async () => {
      await tf.ready();
      const compute = ${computeSource};
      parentPort.postMessage(compute(tf, workerData.x, workerData.w));
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { x, w } });
    worker.once('message', (result) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

/** Largest |a - b| / (1 + |b|). */
function maxRelativeDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce(
    (worst, value, i) => Math.max(worst, Math.abs(value - b[i]!) / (1 + Math.abs(b[i]!))),
    0,
  );
}

describe('selectBackend with wasmThreads', () => {
  it('rejects thread counts outside 1-8 with INVALID_ARGUMENT naming the source', async () => {
    for (const wasmThreads of [0, 9, 1.5]) {
      const error = await selectBackend({ backend: 'wasm', wasmThreads, log: false }).catch(
        (caught: unknown) => caught,
      );
      expect(R1kitError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toContain('options.wasmThreads');
    }
    process.env.R1KIT_WASM_THREADS = 'two';
    const fromEnv = await selectBackend({ backend: 'wasm', log: false }).catch(
      (caught: unknown) => caught,
    );
    expect(R1kitError.isInstance(fromEnv) && fromEnv.code).toBe('INVALID_ARGUMENT');
    expect((fromEnv as Error).message).toContain('R1KIT_WASM_THREADS');
  });

  it('starts the threaded build in Node.js and gives the single-threaded values', async () => {
    const messages: string[] = [];
    const selected = await selectBackend({
      backend: 'wasm',
      wasmThreads: 2,
      log: (message) => messages.push(message),
    });
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    expect(selected).toMatchObject({ name: 'wasm', threads: 2 });
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm.getThreadsCount()).toBe(2);
    expect(messages).toEqual([expect.stringContaining('wasm, 2 thread(s)')]);

    const { x, w } = inputs();
    const compute = new Function(`return ${computeSource}`)() as Compute;
    const before = tf.memory().numTensors;
    const threaded = compute(tf, x, w);
    expect(tf.memory().numTensors).toBe(before);
    const reference = await singleThreaded(x, w);
    expect(maxRelativeDiff(threaded.product, reference.product)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(threaded.gradient, reference.gradient)).toBeLessThan(1e-5);
    // And both are right: the first rows of the product, in float64 here.
    const rows = Array.from({ length: 4 * 384 }, (_, k) => {
      const [row, column] = [Math.floor(k / 384), k % 384];
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += x[row * 512 + i]! * w[i * 384 + column]!;
      return sum;
    });
    expect(maxRelativeDiff(threaded.product.slice(0, 4 * 384), rows)).toBeLessThan(1e-5);
    expect(Math.max(...rows.map(Math.abs))).toBeGreaterThan(0.5);
    // The first two rows of the gradient: x^T (1 - tanh(x w)^2), in float64.
    const slope = Array.from({ length: 256 * 384 }, (_, k) => {
      const [row, column] = [Math.floor(k / 384), k % 384];
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += x[row * 512 + i]! * w[i * 384 + column]!;
      return 1 - Math.tanh(sum) ** 2;
    });
    const gradientRows = Array.from({ length: 2 * 384 }, (_, k) => {
      const [input, column] = [Math.floor(k / 384), k % 384];
      let sum = 0;
      for (let row = 0; row < 256; row++) sum += x[row * 512 + input]! * slope[row * 384 + column]!;
      return sum;
    });
    expect(maxRelativeDiff(threaded.gradient.slice(0, 2 * 384), gradientRows)).toBeLessThan(1e-5);
  });

  it('transposes matrices with the SIMD module on the shared memory, also after the heap grows', async () => {
    const tf = await import('@tensorflow/tfjs');
    expect(simdTranspose(tf.backend() as unknown as WasmBackendInternals)).toBeDefined();
    const expected = Array.from({ length: 37 * 41 }, (_, k) => (k % 37) * 41 + Math.floor(k / 37));
    const transposed = () =>
      Array.from(
        tf.tidy(() => tf.transpose(tf.reshape(tf.range(0, 37 * 41), [37, 41])).dataSync()),
      );
    expect(transposed()).toEqual(expected);
    const before = tf.memory().numTensors;
    const large = tf.zeros([48, 1024, 1024]); // 192 MB: the heap grows
    expect(transposed()).toEqual(expected);
    large.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the running count when none is asked for, and refuses another one', async () => {
    expect((await selectBackend({ backend: 'wasm', log: false })).threads).toBe(2);
    const error = await selectBackend({ backend: 'wasm', wasmThreads: 1, log: false }).catch(
      (caught: unknown) => caught,
    );
    expect(R1kitError.isInstance(error) && error.code).toBe('BACKEND_ERROR');
    expect((error as Error).message).toContain('already runs with 2 thread(s)');
    process.env.R1KIT_WASM_THREADS = '2';
    expect((await selectBackend({ backend: 'wasm', log: false })).threads).toBe(2);
  });

  it('with relaxed SIMD, splits large products over a helper thread, with the bits of one thread, also after the heap grows', async () => {
    const tf = await import('@tensorflow/tfjs');
    const backend = tf.backend() as unknown as WasmBackendInternals;
    // Without relaxed SIMD the threaded build keeps its products on XNNPACK's threads.
    expect(simdGemm(backend)).toBeUndefined();
    await selectBackend({ backend: 'wasm', wasmThreads: 2, wasmRelaxedSimd: true, log: false });
    const gemm = simdGemm(backend);
    expect(gemm?.readyThreads).toBeDefined();
    const deadline = Date.now() + 20_000;
    while (gemm!.readyThreads!() < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(gemm!.readyThreads!()).toBe(2);
    const Memory = (
      globalThis as unknown as {
        WebAssembly: { Memory: new (d: object) => { buffer: ArrayBuffer } };
      }
    ).WebAssembly.Memory;
    const wave = (length: number, seed: number) =>
      Float32Array.from({ length }, (_, i) => Math.sin(i * 0.917 + seed) * 10 ** ((i % 5) - 2));
    // Split by panels (32 of them), then by rows (one panel, 4096 rows).
    for (const [rows, inner, columns] of [
      [300, 256, 512],
      [4096, 64, 16],
    ] as const) {
      const [a, b] = [wave(rows * inner, 1), wave(inner * columns, 2)];
      const memory = new Memory({
        initial: 4 + Math.ceil((8 * (rows + columns) * inner + 4 * rows * columns) / 65536),
      });
      new Float32Array(memory.buffer, 0, a.length).set(a);
      new Float32Array(memory.buffer, 4 * a.length, b.length).set(b);
      const c = 4 * (a.length + b.length);
      heapGemm({ memory, fusedMultiplyAdd: true })!({
        a: 0,
        b: 4 * a.length,
        c,
        scratch: c + 4 * rows * columns,
        rows,
        inner,
        columns,
      });
      const expected = new Float32Array(memory.buffer, c, rows * columns);
      const product = () =>
        tf.tidy(() =>
          tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, columns])).dataSync(),
        );
      expect(product()).toEqual(expected);
      const large = tf.zeros([32, 1024, 1024]); // 128 MB: the heap grows
      expect(product()).toEqual(expected);
      large.dispose();
    }
    // The helper did its parts: one that failed or timed out would be dropped (1 thread left).
    expect(gemm!.readyThreads!()).toBe(2);
  });
});
