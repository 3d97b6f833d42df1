import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareWasmIdentity } from './share-wasm-identity.js';

let original: string | undefined;
beforeAll(async () => {
  original = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(async () => {
  if (original) await tf.setBackend(original);
});

/** The wasm heap offset of a tensor's buffer. */
const offset = (tensor: tf.Tensor) =>
  (tf.backend() as unknown as { getMemoryOffset(dataId: object): number }).getMemoryOffset(
    tensor.dataId,
  );

describe('shareWasmIdentity', () => {
  it('makes tf.clone on wasm share the buffer instead of copying it, and stays correct', () => {
    const start = tf.memory().numTensors;
    const before = tf.ones([64, 64]);
    const copied = tf.clone(before);
    // The stock kernel copies: a new heap buffer.
    expect(offset(copied)).not.toBe(offset(before));
    shareWasmIdentity(tf);
    shareWasmIdentity(tf); // idempotent
    const a = tf.tidy(() => tf.reshape(tf.range(0, 4096, 1, 'float32'), [64, 64]));
    const b = tf.clone(a);
    expect(offset(b)).toBe(offset(a));
    a.dispose(); // b keeps the shared buffer alive
    expect(tf.tidy(() => tf.sum(b).dataSync()[0])).toBe((4095 * 4096) / 2);
    const strings = tf.tidy(() => tf.clone(tf.tensor(['x', 'y'])));
    expect(strings.dataSync()).toEqual(['x', 'y']);
    // Gradients that save their inputs (clones) still match the analytic value.
    const x = tf.scalar(3);
    const dx = tf.grad((y: tf.Tensor) => tf.mul(tf.mul(y, y), y))(x);
    expect(dx.dataSync()[0]).toBe(27);
    tf.dispose([before, copied, b, strings, x, dx]);
    expect(tf.memory().numTensors).toBe(start);
  });
});
