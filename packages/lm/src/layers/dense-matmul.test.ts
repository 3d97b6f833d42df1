import { maxAbsDiff } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { denseMatMul } from './dense-matmul.js';

const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

/** Value and gradients of sum(sin(denseMatMul(a, b))) on a backend. */
async function run(
  backend: 'cpu' | 'wasm',
  transposeB: boolean,
  rows: number,
): Promise<Float32Array[]> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  const start = tf.memory().numTensors;
  const a = tf.tensor2d(
    Array.from({ length: rows * 3 }, (_, i) => Math.sin(i * 1.7) * 2),
    [rows, 3],
  );
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

it.each([
  [false, 2],
  [true, 2],
  [false, 12],
  [true, 12],
  [true, 1],
])(
  'wasm value and gradients equal tf.matMul on cpu (transposeB %s, %i rows)',
  async (transposeB, rows) => {
    const cpu = await run('cpu', transposeB, rows);
    const wasm = await run('wasm', transposeB, rows);
    cpu.forEach((expected, i) => {
      expect(maxAbsDiff(wasm[i]!, expected)).toBeLessThan(1e-5);
    });
    expect(cpu[2]!.some((g) => Math.abs(g) > 0.01)).toBe(true);
  },
);
