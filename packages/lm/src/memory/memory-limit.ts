import { nodeBuiltin, R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

const nodeOs = () => nodeBuiltin({ module: 'os', functionName: 'memoryLimit' });

/**
 * Largest heap the tfjs-backend-wasm 4.x build can grow to: emscripten's `getHeapMax()` of its
 * 32-bit build, 4 GiB minus one 64 KiB page. Past it `malloc` returns 0 and tfjs-wasm writes the
 * tensor at address 0, which surfaces later as `memory access out of bounds` or `Aborted()`.
 */
export const wasmHeapMaxBytes = 4_294_901_760;

/**
 * Share of the wasm heap that an estimate (tensors as `tf.memory()` counts them, plus XNNPACK's
 * packed weights) can use; the rest is left to fragmentation. Measured (lm README): the heap grew
 * to 0.91-0.96x of the estimate on SmolLM2-135M-shaped steps and to 1.15x (its 4 GiB maximum) on
 * a Qwen2.5-0.5B-shaped step of 1 x 128 tokens whose estimate was 3.50 GiB.
 */
const wasmUsableShare = 0.9;

/**
 * The memory a backend's tensors can use, in bytes.
 *
 * @category Memory
 */
export interface MemoryLimit {
  /** The backend. */
  backend: string;
  /** Bytes its tensors can hold; `Infinity` when unknown. */
  bytes: number;
  /** Where the number comes from. */
  source: string;
}

/**
 * The memory limit of a TensorFlow.js backend: 90% of the wasm heap maximum for `wasm`, the host's memory
 * for `cpu` (tensors are JavaScript typed arrays), unknown (`Infinity`) for others.
 *
 * @param backend - Backend name.
 * @defaultValue backend: `tf.getBackend()`
 * @returns The limit and its source.
 *
 * @example
 * ```ts
 * import { memoryLimit } from '@r1kit/lm';
 * memoryLimit('wasm').bytes; // 3865411584 (90% of the 4 GiB heap)
 * ```
 *
 * @category Memory
 */
export function memoryLimit(backend: string = tf.getBackend()): MemoryLimit {
  if (backend === 'wasm') {
    return {
      backend,
      bytes: Math.floor(wasmHeapMaxBytes * wasmUsableShare),
      source:
        'the 4 GiB wasm heap of @tensorflow/tfjs-backend-wasm (90% of it; the rest is left to fragmentation)',
    };
  }
  if (backend === 'cpu') {
    return { backend, bytes: nodeOs().totalmem(), source: "the host's memory" };
  }
  return { backend, bytes: Number.POSITIVE_INFINITY, source: 'unknown for this backend' };
}

/** Bytes as GiB with two decimals. */
export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/**
 * Options of {@link assertMemoryFits}.
 *
 * @category Memory
 */
export interface AssertMemoryFitsOptions {
  /** What is about to run, for the message (e.g. `'sequenceLogProbs: a training step of 8 x 256 tokens'`). */
  what: string;
  /** Bytes the work adds on top of what is allocated now. */
  requiredBytes: number;
  /** Breakdown for the message, e.g. `{ activations: 1.2e9, head: 3e8 }`. */
  parts?: Record<string, number>;
  /** What to change, for the message. */
  advice: string;
  /**
   * Bytes already held by tensors.
   *
   * @defaultValue `tf.memory().numBytes`
   */
  usedBytes?: number;
  /**
   * The limit to compare with.
   *
   * @defaultValue `memoryLimit()`
   */
  limit?: MemoryLimit;
}

/**
 * Refuses work that would not fit in the backend's memory, before any of it runs, so nothing
 * crashes inside TensorFlow.js.
 *
 * @param options - The work, its estimated bytes, the advice and the limit.
 * @throws R1kitError `OUT_OF_MEMORY` with the estimate, the limit and what to change.
 *
 * @example
 * ```ts
 * import { assertMemoryFits, memoryLimit } from '@r1kit/lm';
 * const limit = memoryLimit('wasm'); // 3.6 GiB
 * const advice = 'lower the batch size';
 * assertMemoryFits({ what: 'a scoring pass', requiredBytes: 1e9, advice, limit }); // fits
 * try {
 *   assertMemoryFits({ what: 'a training step', requiredBytes: 5e9, advice, limit });
 * } catch (error) {

 *   // OUT_OF_MEMORY: "a training step needs about 4.66 GiB (0.00 GiB already allocated + 4.66 GiB
 *   // estimated) but the 4 GiB wasm heap ... holds at most 3.60 GiB; lower the batch size"
 * }

 * ```
 *
 * @category Memory
 */
export function assertMemoryFits(options: AssertMemoryFitsOptions): void {
  const limit = options.limit ?? memoryLimit();
  const used = options.usedBytes ?? tf.memory().numBytes;
  const total = used + options.requiredBytes;
  if (total <= limit.bytes) return;
  const parts = Object.entries(options.parts ?? {})
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => `${name} ${formatGiB(bytes)}`)
    .join(', ');
  throw new R1kitError({
    code: 'OUT_OF_MEMORY',
    message:
      `${options.what} needs about ${formatGiB(total)} (${formatGiB(used)} already allocated + ` +
      `${formatGiB(options.requiredBytes)} estimated${parts ? `: ${parts}` : ''}) but ` +
      `${limit.source} (backend '${limit.backend}') holds at most ${formatGiB(limit.bytes)}; ` +
      `${options.advice}`,
  });
}
