// Test setup for packages that use TensorFlow.js: registers gradients and kernels through the
// `@tensorflow/tfjs` umbrella and selects the backend named by R1KIT_TEST_BACKEND (default cpu).
import { shareWasmIdentity } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs';

const wanted = process.env.R1KIT_TEST_BACKEND ?? 'cpu';
if (wanted === 'wasm') {
  await import('@tensorflow/tfjs-backend-wasm');
}
await tf.setBackend(wanted);
await tf.ready();
// As selectBackend does on wasm: Identity shares buffers instead of copying them.
if (wanted === 'wasm') shareWasmIdentity(tf);
