import os from 'node:os';
import { expect, it, vi } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { selectBackend } from './select-backend.js';

// A tfjs-backend-wasm whose backend never registers stands in for a threaded build that cannot
// start (no SharedArrayBuffer, a page that is not cross-origin isolated, a broken install).
vi.mock('@tensorflow/tfjs-backend-wasm', async () => {
  const tf = await import('@tensorflow/tfjs');
  tf.env().registerFlag('WASM_HAS_MULTITHREAD_SUPPORT', () => false);
  return {
    setThreadsCount: vi.fn(),
    getThreadsCount: () => {
      throw new Error('WASM backend not initialized.');
    },
  };
});

it('fails with BACKEND_ERROR when the threaded build cannot start, and restores what it patched', async () => {
  const cpus = os.cpus;
  const error = await selectBackend({ backend: 'wasm', wasmThreads: 2, log: false }).catch(
    (caught: unknown) => caught,
  );
  expect(R1kitError.isInstance(error) && error.code).toBe('BACKEND_ERROR');
  expect((error as Error).message).toContain('did not start with options.wasmThreads 2');
  expect((error as Error).message).toContain('use wasmThreads 1');
  expect(os.cpus).toBe(cpus);
  expect(R1kitError.isInstance(error) && error.cause).toBeDefined();
  // auto does not fall back silently either: threads were asked for.
  const auto = await selectBackend({ backend: 'auto', wasmThreads: 2, log: false }).catch(
    (caught: unknown) => caught,
  );
  expect(R1kitError.isInstance(auto) && auto.code).toBe('BACKEND_ERROR');
});
