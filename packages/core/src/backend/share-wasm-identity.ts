import type * as TfModule from '@tensorflow/tfjs-core';

/**
 * The kernel-registry functions of `@tensorflow/tfjs-core` that {@link shareWasmIdentity} uses
 * (the `@tensorflow/tfjs-core` or `@tensorflow/tfjs` module satisfies it).
 *
 * @category Backend
 */
export type KernelRegistry = Pick<
  typeof TfModule,
  'getKernel' | 'registerKernel' | 'unregisterKernel'
>;

/** What the wasm backend offers for shared buffers (it shares them for `Reshape` already). */
interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** Marks the registered kernel as ours, so registering twice is a no-op. */
const marker = Symbol.for('r1kit.sharedWasmIdentity');

/**
 * Makes the wasm backend's `Identity` kernel share its input's buffer (one more reference)
 * instead of copying it, as the `cpu` and `webgl` backends do. TensorFlow.js clones every tensor
 * a gradient saves for the backward pass (`Identity`), so on wasm a training step otherwise
 * copies each weight matrix and activation it differentiates through: a SmolLM2-135M LoRA step
 * then grows the 4 GiB wasm heap past its limit and aborts. Tensors are immutable, so sharing
 * is safe; the wasm backend already shares buffers between a tensor and its reshapes.
 * `selectBackend` calls this when it activates wasm; call it yourself after
 * `tf.setBackend('wasm')` when you select the backend without `selectBackend`. Idempotent.
 *
 * @param tf - The `@tensorflow/tfjs-core` (or `@tensorflow/tfjs`) module in use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { shareWasmIdentity } from '@r1kit/core';
 * await tf.setBackend('wasm');
 * shareWasmIdentity(tf);
 * ```
 *
 * @category Backend
 */
export function shareWasmIdentity(tf: KernelRegistry): void {
  const original = tf.getKernel('Identity', 'wasm');
  if (original === undefined || (original as unknown as Record<symbol, boolean>)[marker]) return;
  const config: TfModule.KernelConfig & Record<symbol, boolean> = {
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as TfModule.TensorInfo;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
    [marker]: true,
  };
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(config);
}
