import { shareWasmIdentity } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Activates a TensorFlow.js backend that the caller has registered (by importing its package),
 * as the Node twin and the page both do, so that both run the same kernels: on `wasm`, Identity
 * shares buffers (as r1kit's `selectBackend` does).
 *
 * @param name - `webgpu`, `webgl`, `wasm` or `cpu`.
 * @returns True when the backend is active.
 * @category Backend
 */
export async function useBackend(name: string): Promise<boolean> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
    if (ok) await tf.ready();
  } catch {
    ok = false;
  }
  if (ok && name === 'wasm') shareWasmIdentity(tf);
  return ok;
}
