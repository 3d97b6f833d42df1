import { afterAll, expect, it } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { selectBackend } from './select-backend.js';
import { heapGemm } from './simd-gemm.js';

const saved = process.env.R1KIT_WASM_RELAXED_SIMD;
afterAll(() => {
  if (saved === undefined) delete process.env.R1KIT_WASM_RELAXED_SIMD;
  else process.env.R1KIT_WASM_RELAXED_SIMD = saved;
});

const Memory = (
  globalThis as unknown as { WebAssembly: { Memory: new (d: object) => { buffer: ArrayBuffer } } }
).WebAssembly.Memory;

/** The module's product of `a` and `b` on a memory of its own. */
function moduleProduct(a: Float32Array, b: Float32Array, shape: number[], fused: boolean) {
  const [rows, inner, columns] = shape as [number, number, number];
  const memory = new Memory({ initial: 32 });
  new Float32Array(memory.buffer, 0, a.length).set(a);
  new Float32Array(memory.buffer, 65536, b.length).set(b);
  const gemm = heapGemm({ memory, fusedMultiplyAdd: fused })!;
  gemm({ a: 0, b: 65536, c: 262144, scratch: 393216, rows, inner, columns });
  return new Float32Array(memory.buffer, 262144, rows * columns);
}

it('rejects a wasmRelaxedSimd that is not a boolean, and an R1KIT_WASM_RELAXED_SIMD not 1 or 0', async () => {
  const fromOption = await selectBackend({
    backend: 'cpu',
    wasmRelaxedSimd: 'yes' as unknown as boolean,
    log: false,
  }).catch((caught: unknown) => caught);
  expect(R1kitError.isInstance(fromOption) && fromOption.code).toBe('INVALID_ARGUMENT');
  expect((fromOption as Error).message).toContain('options.wasmRelaxedSimd');
  process.env.R1KIT_WASM_RELAXED_SIMD = 'on';
  const fromEnv = await selectBackend({ backend: 'cpu', log: false }).catch(
    (caught: unknown) => caught,
  );
  expect(R1kitError.isInstance(fromEnv) && fromEnv.code).toBe('INVALID_ARGUMENT');
  expect((fromEnv as Error).message).toContain('R1KIT_WASM_RELAXED_SIMD');
  delete process.env.R1KIT_WASM_RELAXED_SIMD;
});

it('with wasmRelaxedSimd, products fuse each multiply-add; without, they do not', async () => {
  const [rows, inner, columns] = [18, 300, 32];
  const wave = (length: number, seed: number) =>
    Float32Array.from({ length }, (_, i) => Math.sin(i * 0.917 + seed) * 10 ** ((i % 7) - 3));
  const [a, b] = [wave(rows * inner, 3), wave(inner * columns, 4)];
  const fused = moduleProduct(a, b, [rows, inner, columns], true);
  const plain = moduleProduct(a, b, [rows, inner, columns], false);
  expect(fused).not.toEqual(plain); // the inputs tell the two apart
  for (const [wasmRelaxedSimd, expected] of [
    [true, fused],
    [false, plain],
  ] as const) {
    await selectBackend({ backend: 'wasm', wasmRelaxedSimd, log: false });
    const tf = await import('@tensorflow/tfjs');
    const product = tf.tidy(() =>
      tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, columns])).dataSync(),
    );
    expect(product).toEqual(expected);
  }
});
