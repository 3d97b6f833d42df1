import { tuneWasmKernels } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Activates a TensorFlow.js backend that the caller has registered (by importing its package),
 * as the Node twin and the page both do, so that both run the same kernels: on `wasm`, r1kit's
 * tuned kernels (`tuneWasmKernels`, as r1kit's `selectBackend` installs them).
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
  if (ok && name === 'wasm') tuneWasmKernels(tf);
  return ok;
}
