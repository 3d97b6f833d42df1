import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { maxAbsDiff } from '../../test/tiny-config.js';
import { denseMatMul } from './dense-matmul.js';

const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

/** Value and gradients of sum(sin(denseMatMul(a, b))) on a backend. */
async function run(backend: 'cpu' | 'wasm', transposeB: boolean): Promise<Float32Array[]> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  const start = tf.memory().numTensors;
  const a = tf.tensor2d([0.5, -1, 2, 0.25, 3, -0.5], [2, 3]);
  const b = tf.tensor2d(
    Array.from({ length: 12 }, (_, i) => Math.cos(i)),
    transposeB ? [4, 3] : [3, 4],
  );
  const f = (x: tf.Tensor, y: tf.Tensor) =>
    tf.sum(tf.sin(denseMatMul(x as tf.Tensor2D, y as tf.Tensor2D, transposeB)));
  const { value, grads } = tf.valueAndGrads(f)([a, b]);
  const result = [value, ...grads].map((t) => t.dataSync() as Float32Array);
  tf.dispose([a, b, value, ...grads]);
  expect(tf.memory().numTensors).toBe(start);
  return result;
}

it.each([false, true])(
  'wasm value and gradients equal tf.matMul on cpu (transposeB %s)',
  async (transposeB) => {
    const cpu = await run('cpu', transposeB);
    const wasm = await run('wasm', transposeB);
    cpu.forEach((expected, i) => {
      expect(maxAbsDiff(wasm[i]!, expected)).toBeLessThan(1e-5);
    });
    expect(cpu[2]!.some((g) => Math.abs(g) > 0.01)).toBe(true);
  },
);
