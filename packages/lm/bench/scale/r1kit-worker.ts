// One piece of bench/scale work on the r1kit side, in its own process (so a crash inside tfjs
// is reported, not fatal, and the peak RSS belongs to that work): greedy decode with the KV
// cache, or one training step (forward + backward of the mean completion log-probability).
import * as tf from '@tensorflow/tfjs';

import {
  defaultWeightPacking,
  estimateMemory,
  type KVCache,
  loadCausalLM,
  memoryLimit,
  projectionNames,
  type SequenceLogProbsOptions,
  sequenceLogProbs,
  type TransformerCausalLM,
  type WeightPacking,
} from '../../src/index.js';
import { gradientStep, modelGradients } from '../gradient-step.js';

/** What `tf.profile` resolves to. */
type ProfileInfo = Awaited<ReturnType<typeof tf.profile>>;

/** What the parent asks a worker to do. */
export type WorkerTask =
  | { kind: 'decode'; batch: number; prompt: number; newTokens: number }
  | {
      kind: 'train';
      batch: number;
      time: number;
      mode: 'full' | 'lora';
      steps: number;
      chunkSize: number;
      gradientCheckpointing: boolean;
      /** Rows per forward + backward pass; the step accumulates their gradients. */
      microBatch?: number;
      /** Forces the model's `weightPacking` (default: `defaultWeightPacking`). */
      weightPacking?: WeightPacking;
    };

/** LoRA rank 16 on all seven projections, as the table. */
const loraTargets = [...projectionNames];

/** What a worker prints as its last line. */
export interface WorkerResult {
  tokensPerSecond: number;
  seconds: number;
  /** Peak bytes held by tensors (tf.profile of the warm-up / measured run), weights included. */
  peakTensorMb: number;
  /** `estimateMemory`'s tensor peak for the same work (training rows; no optimiser states). */
  estimatedPeakMb?: number;
  /** The same plus XNNPACK's packed weights (wasm), to compare with the heap. */
  estimatedHeapMb?: number;
  /** How frozen weights were packed on wasm (`defaultWeightPacking`), training rows. */
  weightPacking?: string;
  /** Size the wasm heap grew to (it never shrinks: the real peak, fragmentation included); wasm only. */
  wasmHeapMb?: number;
  /** Peak resident memory of the worker process. */
  peakRssMb: number;
  /** Kernel names with the most time in the profiled run, milliseconds. */
  topKernels: [string, number][];
  firstRowIds?: number[];
}

/** The same prompt ids as scripts/scale-peer.py. */
function promptIds(batch: number, length: number, vocab: number): number[][] {
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length }, (_, t) => (b * 131 + t * 17 + 1) % vocab),
  );
}

/** Greedy decode: argmax stays on the device; ids are read once at the end. */
function greedyDecode(model: TransformerCausalLM, ids: number[][], newTokens: number): number[][] {
  const batch = ids.length;
  let cache: KVCache | undefined;
  let input = tf.tensor2d(ids, undefined, 'int32');
  const picked: tf.Tensor[] = [];
  for (let step = 0; step < newTokens; step++) {
    const past = cache;
    const next = tf.tidy(() => {
      const output = model.forwardHidden({ inputIds: input, pastKeyValues: past, useCache: true });
      cache = output.pastKeyValues;
      for (const layer of cache?.layers ?? []) {
        tf.keep(layer.key);
        tf.keep(layer.value);
      }
      const [, time, width] = output.hiddenStates.shape;
      const last = tf.slice(output.hiddenStates, [0, time - 1, 0], [batch, 1, width]);
      return tf.cast(tf.argMax(model.logitsFromHidden(last), 2), 'int32') as tf.Tensor2D;
    });
    past?.dispose();
    if (step === 0) input.dispose(); // the prompt; later inputs are kept in `picked`
    input = next;
    picked.push(next);
  }
  cache?.dispose();
  const columns = picked.map((column) => column.dataSync());
  tf.dispose(picked);
  return ids.map((_, b) => columns.map((column) => column[b]!));
}

/**
 * One step of `batch` rows as `microBatch`-row passes: each pass's gradients of the mean
 * completion log-probability, weighted by its share of the rows, summed into one gradient per
 * variable (gradient accumulation, as the GRPO trainer does); reads the sum back at the end.
 */
function accumulatedStep(
  model: TransformerCausalLM,
  batch: { inputIds: tf.Tensor2D; completionLength: number },
  microBatch: number,
  options: SequenceLogProbsOptions,
): void {
  const [rows, time] = batch.inputIds.shape;
  let sums: tf.Tensor[] | undefined;
  for (let start = 0; start < rows; start += microBatch) {
    const size = Math.min(microBatch, rows - start);
    const inputIds = tf.slice(batch.inputIds, [start, 0], [size, time]) as tf.Tensor2D;
    const { value, grads } = modelGradients(model, () =>
      tf.mul(
        tf.neg(tf.mean(sequenceLogProbs(model, { ...batch, inputIds }, options))),
        size / rows,
      ),
    );
    inputIds.dispose();
    value.dispose();
    const previous = sums;
    sums =
      previous === undefined ? grads : grads.map((grad, index) => tf.add(previous[index]!, grad));
    if (previous !== undefined) tf.dispose([...previous, ...grads]);
  }
  for (const sum of sums ?? []) sum.dataSync();
  tf.dispose(sums ?? []);
}

/** Sums kernel times by name, largest first. */
function kernelSummary(info: ProfileInfo, top = 8): [string, number][] {
  const byName = new Map<string, number>();
  for (const kernel of info.kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    byName.set(kernel.name, (byName.get(kernel.name) ?? 0) + ms);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => [name, Math.round(ms)]);
}

/** Runs `task` on the model in `directory` with the active backend. */
export async function runWorkerTask(directory: string, task: WorkerTask): Promise<WorkerResult> {
  const model = await loadCausalLM(directory);
  const vocab = model.config.vocabSize;
  let seconds: number;
  let profiled: (() => unknown) | undefined;
  let timedProfile: ProfileInfo | undefined;
  let weightPacking: WeightPacking | undefined;
  let firstRowIds: number[] | undefined;
  let estimatedPeakMb: number | undefined;
  let estimatedHeapMb: number | undefined;
  if (task.kind === 'decode') {
    const ids = promptIds(task.batch, task.prompt, vocab);
    greedyDecode(model, ids, Math.min(task.newTokens, 4)); // warm-up
    const started = performance.now();
    firstRowIds = greedyDecode(model, ids, task.newTokens)[0];
    seconds = (performance.now() - started) / 1000;
    profiled = () => greedyDecode(model, ids, Math.min(task.newTokens, 4));
  } else {
    if (task.mode === 'lora') {
      model.addAdapter({ rank: 16, alpha: 32, targetModules: loraTargets });
    }
    const inputIds = tf.tensor2d(promptIds(task.batch, task.time, vocab), undefined, 'int32');
    const completion = Math.floor(task.time / 2);
    const batch = { inputIds, completionLength: completion };
    const settings = {
      chunkSize: task.chunkSize,
      gradientCheckpointing: task.gradientCheckpointing,
    };
    const microBatch = Math.min(task.microBatch ?? task.batch, task.batch);
    const lora = task.mode === 'lora' ? { lora: { rank: 16, targetModules: loraTargets } } : {};
    if (task.weightPacking !== undefined) model.weightPacking = task.weightPacking;
    weightPacking = task.weightPacking ?? defaultWeightPacking({ config: model.config, ...lora });
    const estimateWith = (keepFrozenProducts: boolean) =>
      estimateMemory({
        weightPacking,
        config: model.config,
        batchSize: microBatch,
        sequenceLength: task.time,
        completionLength: completion,
        ...lora,
        ...settings,
        keepFrozenProducts,
        optimizerStatesPerParameter: 0,
      });
    // What sequenceLogProbs decides by default: keep the frozen products when that fits.
    const kept = estimateWith(task.gradientCheckpointing && task.mode === 'lora');
    const keepFrozenProducts =
      task.gradientCheckpointing &&
      task.mode === 'lora' &&
      kept.total - kept.weights - kept.adapter + tf.memory().numBytes <= memoryLimit().bytes;
    const estimate = keepFrozenProducts ? kept : estimateWith(false);
    // Accumulating: the running sum of the gradients is held next to one pass's gradients.
    const accumulated = microBatch < task.batch ? estimate.gradients / 2 : 0;
    estimatedPeakMb = (estimate.total + accumulated - estimate.packedWeights) / 2 ** 20;
    estimatedHeapMb = (estimate.total + accumulated) / 2 ** 20;
    const training = { ...settings, keepFrozenProducts, training: true };
    const step = () =>
      microBatch < task.batch
        ? accumulatedStep(model, batch, microBatch, training)
        : gradientStep(model, batch, training);
    if (microBatch < task.batch) {
      // A long step: warm up on one micro-batch, and time the step under the profiler (its
      // kernel timing adds little next to seconds-long products) instead of running it twice.
      const first = tf.slice(inputIds, [0, 0], [microBatch, task.time]) as tf.Tensor2D;
      gradientStep(model, { inputIds: first, completionLength: completion }, training);
      first.dispose();
      const started = performance.now();
      timedProfile = await tf.profile(step);
      seconds = (performance.now() - started) / 1000;
      profiled = undefined;
    } else {
      step(); // warm-up
      const times: number[] = [];
      for (let i = 0; i < task.steps; i++) {
        const started = performance.now();
        step();
        times.push((performance.now() - started) / 1000);
      }
      seconds = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
      profiled = step;
    }
  }
  // One more run under the profiler, after the timed ones (it hides the errors of a failing run):
  // kernel times by name and the peak bytes held by tensors.
  let profile = timedProfile;
  try {
    if (profiled !== undefined) {
      const run = profiled;
      profile = await tf.profile(() => {
        run();
      });
    }
  } catch {
    profile = undefined;
  }
  model.dispose();
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.length;
  const tokens = task.kind === 'decode' ? task.batch * task.newTokens : task.batch * task.time;
  return {
    tokensPerSecond: tokens / seconds,
    seconds,
    peakTensorMb: (profile?.peakBytes ?? Number.NaN) / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    topKernels: profile ? kernelSummary(profile) : [],
    ...(firstRowIds ? { firstRowIds } : {}),
    ...(estimatedPeakMb === undefined ? {} : { estimatedPeakMb, estimatedHeapMb }),
    ...(weightPacking === undefined ? {} : { weightPacking }),
    ...(heap === undefined ? {} : { wasmHeapMb: heap / 2 ** 20 }),
  };
}
