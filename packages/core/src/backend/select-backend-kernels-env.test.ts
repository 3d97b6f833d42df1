import { afterAll, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';
import { keepTransposedCopy } from './wasm-transposed-copies.js';

const saved = process.env.R1KIT_WASM_KERNELS;
afterAll(() => {
  if (saved === undefined) delete process.env.R1KIT_WASM_KERNELS;
  else process.env.R1KIT_WASM_KERNELS = saved;
});

it('R1KIT_WASM_KERNELS=no-transposed-copies installs the tuned kernels and turns keepTransposedCopy off', async () => {
  process.env.R1KIT_WASM_KERNELS = 'no-transposed-copies';
  await selectBackend({ backend: 'wasm', log: false });
  const tf = await import('@tensorflow/tfjs');
  const config = tf.getKernel('BatchMatMul', 'wasm') as unknown as Record<symbol, boolean>;
  expect(config[Symbol.for('r1kit.xnnpackBatchMatMul')]).toBe(true);
  const weight = tf.ones([4, 6]);
  const before = tf.engine().backend.numDataIds();
  expect(keepTransposedCopy(weight)).toBe(false);
  // The product transposes per call: no copy stays.
  tf.tidy(() => {
    tf.matMul(tf.ones([3, 6]), weight, false, true);
  });
  expect(tf.engine().backend.numDataIds()).toBe(before);
  tf.dispose(weight);
});
