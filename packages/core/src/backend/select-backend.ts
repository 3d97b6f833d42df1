import type * as TfModule from '@tensorflow/tfjs';
import { invalidArgument, R1kitError } from '../errors/r1kit-error.js';
import { shareWasmIdentity } from './share-wasm-identity.js';
import { ignoreSimdGemm, useRelaxedSimd, useSimdGemmThreads } from './simd-gemm.js';
import { ignoreSimdTranspose } from './simd-transpose.js';
import { prepareThreadedWasm, unrefWasmThreads, type WasmBackendModule } from './threaded-wasm.js';
import { tuneWasmKernels } from './tune-wasm-kernels.js';
import { ignoreTransposedCopies, type keepTransposedCopy } from './wasm-transposed-copies.js';

/**
 * A TensorFlow.js backend r1kit knows how to select: `tensorflow` (native libtensorflow through
 * `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`), `wasm` (`@tensorflow/tfjs-backend-wasm`)
 * or `cpu` (plain JavaScript, always available).
 *
 * @category Backend
 */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backend names accepted by {@link selectBackend}, in order of preference. */
const backendNames: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Native packages that register the `tensorflow` backend, in order of preference. */
const nativePackages = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/**
 * Options for {@link selectBackend}.
 *
 * @category Backend
 */
export interface SelectBackendOptions {
  /**
   * The backend to use, or `'auto'` for the fastest one installed (`tensorflow`, then `wasm`,
   * then `cpu`). When absent, the environment variable `R1KIT_BACKEND` is read.
   *
   * @defaultValue `process.env.R1KIT_BACKEND ?? 'auto'`
   */
  backend?: BackendName | 'auto';
  /**
   * Where the one-line report of the chosen backend goes; `false` silences it.
   *
   * @defaultValue `console.info`
   */
  log?: ((message: string) => void) | false;
  /**
   * XNNPACK threads of the `wasm` backend, 1 to 8. Above 1, the threaded SIMD build of
   * `@tensorflow/tfjs-backend-wasm` is started (in Node.js too, where tfjs itself only starts
   * the single-threaded one): matrix products then use that many cores. A product gives the
   * same values with any count. The count is fixed when the backend first starts in a process;
   * asking for another one later is a `BACKEND_ERROR`. When absent, the environment variable
   * `R1KIT_WASM_THREADS` is read; when that is absent too, 1, and a backend already started
   * keeps its count.
   *
   * @defaultValue `process.env.R1KIT_WASM_THREADS ?? 1`
   */
  wasmThreads?: number;
  /**
   * Whether the `wasm` backend's matrix products use relaxed SIMD's fused multiply-add (in
   * Node.js 20, where it is behind a V8 flag, the flag is switched on). Off, products give the
   * same bits as tfjs-wasm's XNNPACK kernel on every machine; on, they round once per term
   * instead of twice and run about 1.2-1.5x faster on x86-64 with FMA (a training step 10-40%
   * faster), but their last bits depend on the CPU, so a seeded run reproduces only on the same
   * kind of machine. With `wasmThreads` above 1, it also splits large products over that many
   * threads. Ignored where the runtime has no relaxed SIMD. When absent, the environment
   * variable `R1KIT_WASM_RELAXED_SIMD` (`1` or `0`) is read.
   *
   * @defaultValue `process.env.R1KIT_WASM_RELAXED_SIMD === '1'`
   */
  wasmRelaxedSimd?: boolean;
}

/**
 * The result of {@link selectBackend}.
 *
 * @category Backend
 */
export interface SelectedBackend {
  /** The backend now active in TensorFlow.js. */
  name: BackendName;
  /** The package that provides it (`@tensorflow/tfjs-node`, `@tensorflow/tfjs-backend-wasm`, ...). */
  provider: string;
  /** Why it was chosen, e.g. `auto: @tensorflow/tfjs-node is not installed`. */
  reason: string;
  /** XNNPACK threads of the `wasm` backend (absent for the other backends). */
  threads?: number;
}

/** The requested wasm thread count, and whether it was asked for (option or environment). */
interface WasmThreads {
  count: number;
  explicit: boolean;
}

/** The largest thread pool of tfjs-wasm's threaded build (emscripten's pool of 8 workers). */
const maxWasmThreads = 8;

/** Imports a module whose name is only known at run time; resolves to undefined when absent. */
async function tryImport(specifier: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch {
    return undefined;
  }
}

/** Switches TensorFlow.js to `name`; false when the backend fails to initialise. */
async function activate(tf: typeof TfModule, name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/** Tries the native packages; returns the one that registered the `tensorflow` backend. */
async function tryNative(tf: typeof TfModule): Promise<string | undefined> {
  for (const specifier of nativePackages) {
    if ((await tryImport(specifier)) !== undefined && (await activate(tf, 'tensorflow'))) {
      return specifier;
    }
  }
  return undefined;
}

/** An environment variable; `undefined` in a browser, where `process` does not exist. */
function environmentVariable(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
    name
  ];
}

/** Reads and validates the requested backend from the options or `R1KIT_BACKEND`. */
function requestedBackend(options: SelectBackendOptions): BackendName | 'auto' {
  const fromEnv = options.backend === undefined;
  const value = options.backend ?? environmentVariable('R1KIT_BACKEND') ?? 'auto';
  if (value === 'auto' || (backendNames as readonly string[]).includes(value)) {
    return value as BackendName | 'auto';
  }
  throw invalidArgument({
    functionName: 'selectBackend',
    argument: fromEnv ? 'the environment variable R1KIT_BACKEND' : 'options.backend',
    received: value,
    expected: `one of 'auto', ${backendNames.map((name) => `'${name}'`).join(', ')}`,
  });
}

/** Reads and validates `options.wasmThreads` or `R1KIT_WASM_THREADS`. */
function requestedThreads(options: SelectBackendOptions): WasmThreads {
  const environment = environmentVariable('R1KIT_WASM_THREADS');
  const fromEnv = options.wasmThreads === undefined && environment !== undefined;
  const value = options.wasmThreads ?? (fromEnv ? Number(environment) : 1);
  if (!Number.isInteger(value) || value < 1 || value > maxWasmThreads) {
    throw invalidArgument({
      functionName: 'selectBackend',
      argument: fromEnv ? 'the environment variable R1KIT_WASM_THREADS' : 'options.wasmThreads',
      received: fromEnv ? environment : value,
      expected: `an integer from 1 to ${maxWasmThreads}`,
    });
  }
  return { count: value, explicit: options.wasmThreads !== undefined || fromEnv };
}

/** Reads and validates `options.wasmRelaxedSimd` or `R1KIT_WASM_RELAXED_SIMD`. */
function requestedRelaxedSimd(options: SelectBackendOptions): boolean {
  if (options.wasmRelaxedSimd !== undefined) {
    if (typeof options.wasmRelaxedSimd === 'boolean') return options.wasmRelaxedSimd;
    throw invalidArgument({
      functionName: 'selectBackend',
      argument: 'options.wasmRelaxedSimd',
      received: options.wasmRelaxedSimd,
      expected: 'true or false',
    });
  }
  const environment = environmentVariable('R1KIT_WASM_RELAXED_SIMD');
  if (environment === undefined || environment === '0') return false;
  if (environment === '1') return true;
  throw invalidArgument({
    functionName: 'selectBackend',
    argument: 'the environment variable R1KIT_WASM_RELAXED_SIMD',
    received: environment,
    expected: "'1' or '0'",
  });
}

/** The thread count of a wasm backend that has started, or undefined before it starts. */
function startedThreads(wasm: WasmBackendModule): number | undefined {
  try {
    return wasm.getThreadsCount();
  } catch {
    return undefined;
  }
}

/** The error for a wasm thread count that cannot be had. */
function threadsError(message: string, cause?: unknown): R1kitError {
  return new R1kitError({ code: 'BACKEND_ERROR', message: `selectBackend: ${message}`, cause });
}

/**
 * Activates wasm with the requested threads; resolves to the running thread count, or undefined
 * when the single-threaded build fails to start (as before, so `auto` can fall back to cpu).
 */
async function activateWasm(
  tf: typeof TfModule,
  wasm: WasmBackendModule,
  threads: WasmThreads,
): Promise<number | undefined> {
  const running = startedThreads(wasm);
  if (running !== undefined || threads.count === 1) {
    if (threads.explicit && running !== undefined && running !== threads.count) {
      throw threadsError(
        `options.wasmThreads is ${threads.count} but the wasm backend already runs with ${running} thread(s) in this process; the count is fixed when it first starts, so pass wasmThreads (or set R1KIT_WASM_THREADS) on the first selectBackend call`,
      );
    }
    return (await activate(tf, 'wasm')) ? startedThreads(wasm) : undefined;
  }
  const finish = prepareThreadedWasm(tf, wasm, threads.count);
  let cause: unknown;
  let ok = false;
  try {
    ok = await tf.setBackend('wasm');
    if (ok) await tf.ready();
  } catch (error) {
    cause = error;
    ok = false;
  } finally {
    finish();
  }
  const started = ok ? startedThreads(wasm) : undefined;
  if (started !== threads.count) {
    throw threadsError(
      `the threaded build of @tensorflow/tfjs-backend-wasm did not start with options.wasmThreads ${threads.count} (${started === undefined ? 'tf.setBackend("wasm") failed' : `it runs ${started} thread(s)`}); it needs SharedArrayBuffer and worker_threads (Node.js) or a cross-origin isolated page; use wasmThreads 1`,
      cause,
    );
  }
  unrefWasmThreads(tf);
  useSimdGemmThreads(started);
  return started;
}

/** Picks and activates a backend; the reason text explains the choice. */
async function choose(
  tf: typeof TfModule,
  requested: BackendName | 'auto',
  threads: WasmThreads,
): Promise<SelectedBackend> {
  if (requested === 'tensorflow' || requested === 'auto') {
    const provider = await tryNative(tf);
    if (provider !== undefined) {
      return { name: 'tensorflow', provider, reason: requested === 'auto' ? 'auto' : 'requested' };
    }
    if (requested === 'tensorflow') {
      throw new R1kitError({
        code: 'BACKEND_ERROR',
        message: `selectBackend: backend 'tensorflow' was requested but neither ${nativePackages.join(' nor ')} could be loaded; install one of them or request 'wasm' or 'cpu'`,
      });
    }
  }
  const native = `auto: ${nativePackages.join(' and ')} not installed`;
  if (requested === 'wasm' || requested === 'auto') {
    const wasm = (await tryImport('@tensorflow/tfjs-backend-wasm')) as
      | WasmBackendModule
      | undefined;
    const loaded = wasm !== undefined;
    const running = loaded ? await activateWasm(tf, wasm, threads) : undefined;
    if (running !== undefined) {
      // The escape hatch for comparisons with stock tfjs-wasm: only the Identity buffer sharing,
      // without which a real checkpoint's training step does not fit the heap.
      // `no-transposed-copies`: the tuned kernels, without keepTransposedCopy's copies;
      // `no-simd-transpose`: the tuned kernels with JavaScript matrix transposes;
      // `no-simd-gemm`: products on XNNPACK only.
      const kernels = environmentVariable('R1KIT_WASM_KERNELS');
      if (kernels === 'stock') shareWasmIdentity(tf);
      else tuneWasmKernels(tf);
      if (kernels === 'no-transposed-copies') ignoreTransposedCopies();
      if (kernels === 'no-simd-transpose') ignoreSimdTranspose();
      if (kernels === 'no-simd-gemm') ignoreSimdGemm();
      return {
        name: 'wasm',
        provider: '@tensorflow/tfjs-backend-wasm',
        reason: requested === 'auto' ? native : 'requested',
        threads: running,
      };
    }
    if (requested === 'wasm') {
      throw new R1kitError({
        code: 'BACKEND_ERROR',
        message: `selectBackend: backend 'wasm' was requested but @tensorflow/tfjs-backend-wasm ${loaded ? 'failed to initialise' : 'is not installed'}; install it or request 'cpu'`,
      });
    }
  }
  if (!(await activate(tf, 'cpu'))) {
    throw new R1kitError({
      code: 'BACKEND_ERROR',
      message: 'selectBackend: the cpu backend of @tensorflow/tfjs failed to initialise',
    });
  }
  const reason = requested === 'auto' ? `${native}; wasm unavailable` : 'requested';
  return { name: 'cpu', provider: '@tensorflow/tfjs', reason };
}

/**
 * Selects the TensorFlow.js backend in one place: `tensorflow` when `@tensorflow/tfjs-node-gpu`
 * or `@tensorflow/tfjs-node` is installed, else `wasm`, else `cpu`. The choice can be forced with
 * `options.backend` or the environment variable `R1KIT_BACKEND`. It imports `@tensorflow/tfjs`
 * (which registers the gradients every training step needs) and logs the backend it chose. On
 * wasm it also replaces six kernels with faster, leaner ones that give the same values up to
 * float32 rounding order ({@link tuneWasmKernels}; the environment variable
 * `R1KIT_WASM_KERNELS=stock` keeps tfjs-wasm's own kernels but `Identity`, and
 * `R1KIT_WASM_KERNELS=no-transposed-copies` the tuned ones without {@link keepTransposedCopy}'s
 * copies, `R1KIT_WASM_KERNELS=no-simd-transpose` the tuned ones with JavaScript matrix transposes
 * instead of the WebAssembly SIMD ones, `R1KIT_WASM_KERNELS=no-simd-gemm` every product on
 * XNNPACK instead of r1kit's SIMD module, for comparisons), and
 * with `options.wasmThreads` above 1 it starts tfjs-wasm's threaded SIMD build, in Node.js as
 * well.
 * Importing `@r1kit/core` itself never loads TensorFlow.js; only calling this function does.
 *
 * @param options - Which backend to use and where to log.
 * @returns The active backend, its provider package and the reason it was chosen.
 * @throws R1kitError `INVALID_ARGUMENT` for an unknown backend name or a thread count outside
 *   1-8, `BACKEND_ERROR` when a requested backend cannot be loaded or the threaded wasm build
 *   cannot start with the requested count.
 *
 * @example
 * ```ts
 * import { selectBackend } from '@r1kit/core';
 * const { name } = await selectBackend({ backend: 'auto', wasmThreads: 2 });
 * // logs e.g. "[r1kit] TensorFlow.js backend: wasm, 2 thread(s) (@tensorflow/tfjs-backend-wasm; auto: ...)"
 * ```
 *
 * @category Backend
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const requested = requestedBackend(options);
  const threads = requestedThreads(options);
  useRelaxedSimd(requestedRelaxedSimd(options));
  const tf = (await tryImport('@tensorflow/tfjs')) as typeof TfModule | undefined;
  if (tf === undefined) {
    throw new R1kitError({
      code: 'BACKEND_ERROR',
      message:
        'selectBackend: @tensorflow/tfjs is not installed; install it (npm install @tensorflow/tfjs) to run models',
    });
  }
  const selected = await choose(tf, requested, threads);
  const log = options.log ?? console.info;
  if (log !== false) {
    log(
      `[r1kit] TensorFlow.js backend: ${selected.name}${selected.threads === undefined ? '' : `, ${selected.threads} thread(s)`} (${selected.provider}; ${selected.reason})`,
    );
  }
  return selected;
}
