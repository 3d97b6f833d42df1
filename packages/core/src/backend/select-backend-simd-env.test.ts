import { afterAll, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';
import { simdTranspose } from './simd-transpose.js';
import type { WasmBackendInternals } from './wasm-internals.js';

const saved = process.env.R1KIT_WASM_KERNELS;
afterAll(() => {
  if (saved === undefined) delete process.env.R1KIT_WASM_KERNELS;
  else process.env.R1KIT_WASM_KERNELS = saved;
});

it('R1KIT_WASM_KERNELS=no-simd-transpose installs the tuned kernels with JavaScript matrix transposes', async () => {
  process.env.R1KIT_WASM_KERNELS = 'no-simd-transpose';
  await selectBackend({ backend: 'wasm', log: false });
  const tf = await import('@tensorflow/tfjs');
  const config = tf.getKernel('Transpose', 'wasm') as unknown as Record<symbol, boolean>;
  expect(config[Symbol.for('r1kit.wasmTransposeInRuns')]).toBe(true);
  expect(simdTranspose(tf.backend() as unknown as WasmBackendInternals)).toBeUndefined();
  const start = tf.memory().numTensors;
  const values = tf.tidy(() => tf.transpose(tf.reshape(tf.range(0, 21 * 34), [21, 34])).dataSync());
  const expected = Array.from({ length: 21 * 34 }, (_, k) => (k % 21) * 34 + Math.floor(k / 21));
  expect(Array.from(values)).toEqual(expected);
  expect(tf.memory().numTensors).toBe(start);
});
