import type * as WorkerThreads from 'node:worker_threads';
import {
  computeRange,
  type GemmExports,
  type GemmRange,
  gemmInstance,
  type HeapGemm,
  slabPanels,
} from './simd-gemm-kernel.js';
import { panelColumns } from './simd-gemm-module.js';
import type { WasmMemory } from './wasm-memory.js';

/**
 * Int32 words per helper in the control block: generation (bumped per task), ready flag, done
 * flag (1 done, -1 failed), then the task's twelve fields (`GemmRange`, byte offsets as uint32).
 */
const slotWords = 16;
const [generationWord, readyWord, doneWord, taskWord] = [0, 1, 2, 3];
const taskFields = [
  'a',
  'b',
  'c',
  'scratch',
  'inner',
  'columns',
  'row0',
  'row1',
  'panel0',
  'panel1',
  'slab',
  'packed',
];

/**
 * Products with fewer multiply-adds than this run on the calling thread alone: waking a helper
 * (tens of microseconds) would cost more than it saves.
 */
const minimumParallelWork = 1 << 21;

/** How long the caller waits for a helper's part before computing it itself. */
const helperTimeoutMs = 30_000;

/** The source of a helper thread: instantiates the module on the shared memory, then serves. */
function helperSource(): string {
  return `
const computeRange = ${computeRange.toString()};
const fields = ${JSON.stringify(taskFields)};
function start(data) {
  const { module, memory, control, slot } = data;
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const words = new Int32Array(control);
  const unsigned = new Uint32Array(control);
  const base = slot * ${slotWords};
  Atomics.store(words, base + ${readyWord}, 1);
  let generation = 0;
  for (;;) {
    Atomics.wait(words, base + ${generationWord}, generation);
    generation = Atomics.load(words, base + ${generationWord});
    const range = {};
    fields.forEach((name, index) => { range[name] = unsigned[base + ${taskWord} + index]; });
    let done = 1;
    try { computeRange(exports, range); } catch { done = -1; }
    Atomics.store(words, base + ${doneWord}, done);
    Atomics.notify(words, base + ${doneWord});
  }
}
if (typeof require === 'function') {
  require('node:worker_threads').parentPort.once('message', start);
} else {
  self.onmessage = (event) => start(event.data);
}
`;
}

/** A started helper: posts its start message; `unref`s it in Node.js. */
interface Helper {
  alive: boolean;
}

/** Starts one helper thread (a Node.js worker thread, or a Web Worker), or `undefined`. */
function startHelper(message: {
  module: object;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  slot: number;
}): Helper | undefined {
  const source = helperSource();
  try {
    const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const threads = host?.getBuiltinModule?.('node:worker_threads') as
      | typeof WorkerThreads
      | undefined;
    if (threads !== undefined) {
      const worker = new threads.Worker(source, { eval: true });
      worker.postMessage(message);
      worker.unref();
      return { alive: true };
    }
    const web = globalThis as {
      Worker?: new (url: string) => { postMessage(message: unknown): void };
      Blob?: new (parts: string[], options: { type: string }) => object;
      URL?: { createObjectURL(blob: object): string };
    };
    if (web.Worker === undefined || web.Blob === undefined || web.URL === undefined) {
      return undefined;
    }
    const url = web.URL.createObjectURL(new web.Blob([source], { type: 'text/javascript' }));
    new web.Worker(url).postMessage(message);
    return { alive: true };
  } catch {
    return undefined;
  }
}

/** Whether this thread may block in `Atomics.wait` (not a browser's main thread). */
function canBlock(words: Int32Array): boolean {
  try {
    Atomics.wait(words, 0, 1, 0); // value differs: returns 'not-equal' at once where allowed
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits a product into `parts` ranges: by panels when there are at least two per part (each
 * part packs its own panels into its own slab of scratch), else by rows over the whole right
 * operand, which the caller packs first (few panels: `columns < 32 * parts`).
 */
function split(
  base: Omit<GemmRange, 'row0' | 'row1' | 'panel0' | 'panel1' | 'slab' | 'packed'>,
  rows: number,
  parts: number,
): GemmRange[] {
  const panels = base.columns / panelColumns;
  const cut = (total: number, step: number) =>
    Array.from({ length: parts + 1 }, (_, k) =>
      Math.min(total, Math.round((k * total) / parts / step) * step),
    );
  if (panels >= 2 * parts) {
    const slab = slabPanels(base.inner, base.columns);
    const slabBytes = 4 * panelColumns * base.inner * slab;
    const edges = cut(panels, 1);
    return edges.slice(1).map((end, k) => ({
      ...base,
      scratch: base.scratch + k * slabBytes,
      row0: 0,
      row1: rows,
      panel0: edges[k]!,
      panel1: end,
      slab,
      packed: 0,
    }));
  }
  const edges = cut(rows, 2);
  return edges.slice(1).map((end, k) => ({
    ...base,
    row0: edges[k]!,
    row1: end,
    panel0: 0,
    panel1: panels,
    slab: panels,
    packed: 1,
  }));
}

/**
 * A {@link HeapGemm} on the shared memory of tfjs-wasm's threaded build that splits each large
 * product over the calling thread and `threads - 1` helper threads, each running its own
 * instance of the SIMD module on the same memory (by panels of columns, each thread packing its
 * own, or by rows over a right operand the calling thread packs first when there are few
 * panels). The calling thread hands out the parts through a
 * shared control block (`Atomics.notify`), computes its own part and waits for the others
 * (`Atomics.wait`, or a spin on a browser's main thread). A helper that has not started yet, has
 * failed or does not answer within 30 s leaves its part to the calling thread, so a product
 * never waits on a missing thread. Every part sums in the same order as the single-threaded
 * module: the values do not depend on the thread count. `undefined` where the module cannot be
 * compiled or the memory is not shared.
 * @internal
 */
export function threadedHeapGemm(options: {
  memory: WasmMemory;
  fusedMultiplyAdd: boolean;
  threads: number;
}): HeapGemm | undefined {
  const { memory, threads } = options;
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) {
    return undefined;
  }
  const instance = gemmInstance(options);
  if (instance === undefined) return undefined;
  const exports: GemmExports = instance.exports;
  const control = new SharedArrayBuffer(4 * slotWords * Math.max(1, threads - 1));
  const words = new Int32Array(control);
  const unsigned = new Uint32Array(control);
  const helpers = Array.from({ length: threads - 1 }, (_, slot) =>
    startHelper({ module: instance.module, memory, control, slot }),
  );
  const blocking = canBlock(words);

  /** Waits for helper `slot`'s part; false when it failed or timed out. */
  const wait = (slot: number): boolean => {
    const index = slot * slotWords + doneWord;
    const deadline = Date.now() + helperTimeoutMs;
    while (Atomics.load(words, index) === 0) {
      if (Date.now() > deadline) return false;
      if (blocking) Atomics.wait(words, index, 0, 100);
    }
    return Atomics.load(words, index) === 1;
  };

  const readyHelpers = () =>
    helpers.flatMap((helper, slot) =>
      helper?.alive && Atomics.load(words, slot * slotWords + readyWord) === 1 ? [slot] : [],
    );
  const gemm: HeapGemm = ({ a, b, c, scratch, rows, inner, columns }) => {
    const panels = columns / panelColumns;
    const ready = readyHelpers();
    const base = { a, b, c, scratch, inner, columns };
    if (ready.length === 0 || rows * inner * columns < minimumParallelWork) {
      const slab = slabPanels(inner, columns);
      computeRange(exports, {
        ...base,
        row0: 0,
        row1: rows,
        panel0: 0,
        panel1: panels,
        slab,
        packed: 0,
      });
      return;
    }
    const [own, ...parts] = split(base, rows, ready.length + 1);
    if (own!.packed === 1) exports.pack(b, scratch, inner, panels, 4 * columns);
    const handed = parts.map((range, k) => {
      const slot = ready[k]!;
      const at = slot * slotWords;
      taskFields.forEach((name, index) => {
        unsigned[at + taskWord + index] = range[name as keyof GemmRange];
      });
      Atomics.store(words, at + doneWord, 0);
      Atomics.add(words, at + generationWord, 1);
      Atomics.notify(words, at + generationWord);
      return { slot, range };
    });
    computeRange(exports, own!);
    for (const { slot, range } of handed) {
      if (wait(slot)) continue;
      helpers[slot]!.alive = false;
      computeRange(exports, range);
    }
  };
  // A slab per thread (however many helpers are ready), or the whole operand where a product
  // can split by rows (fewer than two panels per thread: a small operand).
  gemm.scratchFloats = (inner, columns) =>
    Math.max(
      threads * panelColumns * inner * slabPanels(inner, columns),
      columns < 2 * panelColumns * threads ? inner * columns : 0,
    );
  gemm.readyThreads = () => 1 + readyHelpers().length;
  return gemm;
}
