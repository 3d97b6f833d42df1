import { useBackend } from '../use-backend.js';

/** The browser backends, in order of preference. */
const preference = ['webgpu', 'webgl', 'wasm'] as const;

/**
 * Activates the requested backend, or with `auto` the first of webgpu, webgl and wasm that
 * initialises in this browser.
 *
 * @param requested - `auto` or a backend name.
 * @returns The backend now active.
 * @category Page
 */
export async function chooseBackend(requested: string): Promise<string> {
  const candidates = requested === 'auto' ? preference : [requested];
  for (const name of candidates) {
    if (await useBackend(name)) return name;
  }
  throw new Error(`no TensorFlow.js backend among ${candidates.join(', ')} works in this browser`);
}
