import { afterEach, describe, expect, it } from 'vitest';
import { R1kitError } from '../errors/r1kit-error.js';
import { selectBackend } from './select-backend.js';

const savedEnv = process.env.R1KIT_BACKEND;

afterEach(() => {
  if (savedEnv === undefined) delete process.env.R1KIT_BACKEND;
  else process.env.R1KIT_BACKEND = savedEnv;
});

/** Whether a module can be imported in this environment. */
async function installed(specifier: string): Promise<boolean> {
  try {
    await import(specifier);
    return true;
  } catch {
    return false;
  }
}

describe('selectBackend', () => {
  it('activates the cpu backend when asked, and logs the choice', async () => {
    const messages: string[] = [];
    const selected = await selectBackend({ backend: 'cpu', log: (m) => messages.push(m) });
    const tf = await import('@tensorflow/tfjs');
    expect(selected.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(messages).toEqual([expect.stringContaining('TensorFlow.js backend: cpu')]);
  });

  it('activates wasm when asked, and registers gradients', async () => {
    const selected = await selectBackend({ backend: 'wasm', log: false });
    const tf = await import('@tensorflow/tfjs');
    expect(selected).toMatchObject({ name: 'wasm', provider: '@tensorflow/tfjs-backend-wasm' });
    expect(tf.getBackend()).toBe('wasm');
    const grad = tf.grad((x: import('@tensorflow/tfjs').Tensor) => tf.sum(tf.square(x)));
    expect(Array.from(grad(tf.tensor1d([1, -2])).dataSync())).toEqual([2, -4]);
    // tuneWasmKernels is installed: every replaced kernel carries its marker.
    const markers = {
      Identity: 'r1kit.sharedWasmIdentity',
      BatchMatMul: 'r1kit.xnnpackBatchMatMul',
      Slice: 'r1kit.wasmSliceInPlace',
      SplitV: 'r1kit.wasmSliceInPlace',
      Unpack: 'r1kit.wasmSliceInPlace',
      Transpose: 'r1kit.wasmTransposeInRuns',
    };
    for (const [kernel, marker] of Object.entries(markers)) {
      const config = tf.getKernel(kernel, 'wasm') as unknown as Record<symbol, boolean>;
      expect(config[Symbol.for(marker)], kernel).toBe(true);
    }
  });

  it('auto picks tensorflow when a native package is installed, else wasm', async () => {
    const native =
      (await installed('@tensorflow/tfjs-node-gpu')) || (await installed('@tensorflow/tfjs-node'));
    const selected = await selectBackend({ backend: 'auto', log: false });
    expect(selected.name).toBe(native ? 'tensorflow' : 'wasm');
    if (!native) expect(selected.reason).toContain('not installed');
  });

  it('reads R1KIT_BACKEND when no option is given, and the option overrides it', async () => {
    process.env.R1KIT_BACKEND = 'cpu';
    expect((await selectBackend({ log: false })).name).toBe('cpu');
    expect((await selectBackend({ backend: 'wasm', log: false })).name).toBe('wasm');
  });

  it('rejects unknown names with INVALID_ARGUMENT naming the source', async () => {
    process.env.R1KIT_BACKEND = 'webgpu';
    const fromEnv = await selectBackend({ log: false }).catch((error: unknown) => error);
    expect(R1kitError.isInstance(fromEnv) && fromEnv.code).toBe('INVALID_ARGUMENT');
    expect((fromEnv as Error).message).toContain('R1KIT_BACKEND');
    expect((fromEnv as Error).message).toContain('webgpu');
    const fromOption = await selectBackend({ backend: 'gpu' as 'cpu', log: false }).catch(
      (error: unknown) => error,
    );
    expect((fromOption as Error).message).toContain('options.backend');
  });

  it('fails with BACKEND_ERROR when tensorflow is requested but not installed', async () => {
    const native =
      (await installed('@tensorflow/tfjs-node-gpu')) || (await installed('@tensorflow/tfjs-node'));
    if (native) {
      console.info('skipped: a native TensorFlow package is installed here');
      return;
    }
    const error = await selectBackend({ backend: 'tensorflow', log: false }).catch(
      (caught: unknown) => caught,
    );
    expect(R1kitError.isInstance(error) && error.code).toBe('BACKEND_ERROR');
    expect((error as Error).message).toContain('@tensorflow/tfjs-node');
  });
});
