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
  columns = 4,
): Promise<Float32Array[]> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  const start = tf.memory().numTensors;
  const a = tf.tensor2d(
    Array.from({ length: rows * 3 }, (_, i) => Math.sin(i * 1.7) * 2),
    [rows, 3],
  );
  const b = tf.tensor2d(
    Array.from({ length: 3 * columns }, (_, i) => Math.cos(i)),
    transposeB ? [columns, 3] : [3, columns],
  );
  const f = (x: tf.Tensor, y: tf.Tensor) =>
    tf.sum(tf.sin(denseMatMul(x as tf.Tensor2D, y as tf.Tensor2D, transposeB)));
  const { value, grads } = tf.valueAndGrads(f)([a, b]);
  const result = [value, ...grads].map((t) => t.dataSync() as Float32Array);
  tf.dispose([a, b, value, ...grads]);
  expect(tf.memory().numTensors).toBe(start);
  return result;
}

// b of 3 x 4 (or 4 x 3): db = transpose(transpose(dy) a) on wasm; of 3 x 1: transpose(a) dy.
it.each([
  [false, 2, 4],
  [true, 2, 4],
  [false, 12, 4],
  [true, 12, 4],
  [true, 1, 4],
  [false, 12, 1],
])(
  'wasm value and gradients equal tf.matMul on cpu (transposeB %s, %i rows, %i columns)',
  async (transposeB, rows, columns) => {
    const cpu = await run('cpu', transposeB, rows, columns);
    const wasm = await run('wasm', transposeB, rows, columns);
    cpu.forEach((expected, i) => {
      expect(maxAbsDiff(wasm[i]!, expected)).toBeLessThan(1e-5);
    });
    expect(cpu[2]!.some((g) => Math.abs(g) > 0.01)).toBe(true);
  },
);

it.each([2, 12])(
  'wasm, frozen b (%i rows): the gradient of a equals tf.matMul on cpu, and b gets no gradient product or saved copy',
  async (rows) => {
    const gradientOfA = async (backend: 'cpu' | 'wasm', frozen = true) => {
      if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend(backend);
      const start = tf.memory().numTensors;
      const a = tf.tidy(() =>
        tf.variable(
          tf.tensor2d(
            Array.from({ length: rows * 6 }, (_, i) => Math.sin(i * 1.3)),
            [rows, 6],
          ),
        ),
      );
      const b = tf.tidy(() =>
        tf.variable(
          tf.tensor2d(
            Array.from({ length: 30 }, (_, i) => Math.cos(i * 0.7)),
            [6, 5],
          ),
          !frozen,
        ),
      );
      let grads: tf.NamedTensorMap = {};
      const profile = await tf.profile(() => {
        const result = tf.variableGrads(() => tf.sum(tf.sin(denseMatMul(a, b))) as tf.Scalar, [a]);
        grads = result.grads;
        result.value.dispose();
      });
      const values = grads[a.name]!.dataSync() as Float32Array;
      tf.dispose([a, b, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(start);
      return { values, kernels: profile.kernels };
    };
    const cpu = await gradientOfA('cpu');
    const wasm = await gradientOfA('wasm');
    expect(maxAbsDiff(wasm.values, cpu.values)).toBeLessThan(1e-5);
    // No kernel on wasm produces a [6, 5] (b-shaped) tensor: no db product, no transposed or
    // cloned copy of b.
    const bShaped = wasm.kernels.filter((kernel) =>
      kernel.outputShapes.some((shape) => shape.length === 2 && shape[0] === 6 && shape[1] === 5),
    );
    expect(bShaped.map((kernel) => kernel.name)).toEqual([]);
    // The same product with a trainable b saves and differentiates b on wasm: the check can fail.
    const trainable = await gradientOfA('wasm', false);
    expect(maxAbsDiff(trainable.values, cpu.values)).toBeLessThan(1e-5);
    expect(
      trainable.kernels.some((kernel) =>
        kernel.outputShapes.some((shape) => shape.length === 2 && shape[0] === 6 && shape[1] === 5),
      ),
    ).toBe(true);
  },
);
