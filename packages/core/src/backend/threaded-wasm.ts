import type * as os from 'node:os';
import type * as workerThreads from 'node:worker_threads';
import type * as TfModule from '@tensorflow/tfjs';
import { R1kitError } from '../errors/r1kit-error.js';

/** The parts of `@tensorflow/tfjs-backend-wasm` the threaded start uses. */
export interface WasmBackendModule {
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

/** What `process.getBuiltinModule` returns for the modules used here. */
interface Builtins {
  os: typeof os;
  workerThreads: typeof workerThreads;
  createRequire: (from: string) => NodeJS.Require;
}

/** The emscripten pthread pool of the threaded build (`Module.PThread`). */
interface PthreadPool {
  unusedWorkers: workerThreads.Worker[];
  runningWorkers: workerThreads.Worker[];
}

/** The Node.js built-ins, or undefined outside Node.js (where the browser starts threads itself). */
function nodeBuiltins(): Builtins | undefined {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof host?.getBuiltinModule !== 'function') return undefined;
  const load = (id: string) => host.getBuiltinModule?.(`node:${id}`);
  return {
    os: load('os') as typeof os,
    workerThreads: load('worker_threads') as typeof workerThreads,
    createRequire: (load('module') as { createRequire: Builtins['createRequire'] }).createRequire,
  };
}

/**
 * A `worker_threads` Worker that emscripten can start its pthreads with. The threaded build
 * starts each pthread from a `blob:` URL of its worker script and sends the main script as a
 * `Blob`; Node.js refuses both (`ERR_WORKER_PATH`, and `importScripts` reads files). This class
 * runs the same worker script (shipped in `wasm-out/`) from source instead, and sends the path of
 * the same main script.
 */
function pthreadWorkerClass(builtins: Builtins): typeof workerThreads.Worker {
  const require = builtins.createRequire(import.meta.url);
  const folder = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';
  const { wasmWorkerContents } = require(`${folder}.worker.js`) as { wasmWorkerContents: string };
  // The script is a string literal in tfjs; its `\n` escapes must stay escapes (as tfjs does).
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const mainScript = require.resolve(`${folder}.js`);
  return class PthreadWorker extends builtins.workerThreads.Worker {
    constructor(_url: string | URL, options?: workerThreads.WorkerOptions) {
      super(source, { ...options, eval: true });
    }
    override postMessage(message: unknown, transfer?: readonly workerThreads.TransferListItem[]) {
      const load = message as { cmd?: string; urlOrBlob?: unknown } | null;
      const fixed =
        load?.cmd === 'load' && typeof load.urlOrBlob !== 'string'
          ? { ...load, urlOrBlob: mainScript }
          : message;
      super.postMessage(fixed, transfer);
    }
  };
}

/**
 * Prepares `@tensorflow/tfjs-backend-wasm` to start its threaded SIMD build with `threads`
 * XNNPACK threads at the next `tf.setBackend('wasm')`, and returns what to call after it. In
 * Node.js this does three things tfjs does not: it declares thread support (tfjs turns it off in
 * Node), it starts emscripten's pthreads as {@link pthreadWorkerClass} workers, and it reports
 * `2 * threads` logical cores while the module starts (tfjs-wasm uses half the logical cores,
 * so one thread on a 2-core machine). In a browser tfjs detects thread support itself
 * (cross-origin isolation) and only the count is set.
 */
export function prepareThreadedWasm(
  tf: typeof TfModule,
  wasm: WasmBackendModule,
  threads: number,
): () => void {
  wasm.setThreadsCount(threads);
  const builtins = nodeBuiltins();
  if (builtins === undefined) return () => {};
  let PthreadWorker: typeof workerThreads.Worker;
  try {
    PthreadWorker = pthreadWorkerClass(builtins);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  } catch (cause) {
    throw new R1kitError({
      code: 'BACKEND_ERROR',
      message: `selectBackend: options.wasmThreads ${threads} needs the threaded build of @tensorflow/tfjs-backend-wasm (wasm-out/) and its WASM_HAS_MULTITHREAD_SUPPORT flag in the same @tensorflow/tfjs-core as @tensorflow/tfjs; one is missing (${(cause as Error).message}): reinstall them with one copy of tfjs-core, or use wasmThreads 1`,
      cause,
    });
  }
  const host = globalThis as { Worker?: unknown };
  // emscripten assigns `globalThis.Worker = worker_threads.Worker` when it starts: keep ours.
  Object.defineProperty(host, 'Worker', {
    configurable: true,
    get: () => PthreadWorker,
    set: () => {},
  });
  const cpus = builtins.os.cpus;
  builtins.os.cpus = () => {
    const real = cpus();
    const length = Math.max(real.length, 2 * threads);
    return Array.from({ length }, (_, i) => real[i % real.length]!);
  };
  return () => {
    builtins.os.cpus = cpus;
    // What emscripten would have left there; pthreads beyond its pool of 8 start from it.
    Object.defineProperty(host, 'Worker', {
      configurable: true,
      writable: true,
      value: PthreadWorker,
    });
  };
}

/**
 * Lets the process exit while the threaded build's pthreads (XNNPACK's thread pool, which
 * lives as long as the backend) are idle, as it can with the single-threaded build.
 */
export function unrefWasmThreads(tf: typeof TfModule): void {
  if (tf.getBackend() !== 'wasm') return;
  const pool = (tf.backend() as unknown as { wasm?: { PThread?: PthreadPool } }).wasm?.PThread;
  for (const worker of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) {
    worker.unref();
  }
}
