// A pool of data-parallel workers (worker_threads): each holds its own TensorFlow.js, wasm heap
// and copy of the model; a step sends each worker its rows of the batch and sums the gradients
// they return on the main thread.
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../../src/index.js';
import {
  addGradients,
  type ShardResult,
  type ShardTask,
  shardRows,
} from './data-parallel-shard.js';
import type { DataParallelWorkerData } from './data-parallel-worker.js';

/** How to start a pool. */
export interface DataParallelPoolOptions {
  workers: number;
  /** A model directory in Hugging Face layout (config.json + model.safetensors). */
  directory: string;
  mode: 'full' | 'lora';
  backend: BackendName;
  /** XNNPACK threads of each worker's wasm backend. */
  wasmThreads: number;
  /**
   * Node.js options of the worker threads; the export condition `@r1kit/source` lets them load
   * the packages' TypeScript sources.
   */
  execArgv?: string[];
}

/** Waits for a worker's next message; rejects on an error message or a crash. */
function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T & { error?: string }) => {
      worker.off('error', onError);
      if (message.error !== undefined) reject(new Error(`data-parallel worker: ${message.error}`));
      else resolve(message);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}

/** Started workers, each with its own model. */
export class DataParallelPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts the workers and waits until each has loaded its model. */
  static async start(options: DataParallelPoolOptions): Promise<DataParallelPool> {
    const entry = new URL('./data-parallel-worker.ts', import.meta.url).href;
    const workerData: DataParallelWorkerData = {
      entry,
      directory: options.directory,
      mode: options.mode,
      backend: options.backend,
      wasmThreads: options.wasmThreads,
    };
    const workers = Array.from(
      { length: options.workers },
      () =>
        new Worker(new URL('./data-parallel-boot.mjs', import.meta.url), {
          workerData,
          execArgv: options.execArgv ?? ['--conditions=@r1kit/source'],
        }),
    );
    const pool = new DataParallelPool(workers);
    try {
      await Promise.all(workers.map((worker) => nextMessage(worker)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Number of workers. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * The gradients of -mean(sequenceLogProbs) over the whole batch: each worker computes its
   * shard's share, the main thread adds them up.
   */
  async step(
    batch: { inputIds: number[][]; completionLength: number },
    options: ShardTask['options'],
  ): Promise<ShardResult> {
    const shards = shardRows(batch.inputIds.length, this.workers.length);
    const results = await Promise.all(
      shards.map(({ start, rows }, index) => {
        const worker = this.workers[index]!;
        const answer = nextMessage<ShardResult>(worker);
        const task: ShardTask = {
          inputIds: batch.inputIds.slice(start, start + rows),
          completionLength: batch.completionLength,
          totalRows: batch.inputIds.length,
          options,
        };
        worker.postMessage(task);
        return answer;
      }),
    );
    const total: ShardResult = { loss: 0, grads: {} };
    for (const result of results) {
      total.loss += result.loss;
      addGradients(total.grads, result.grads);
    }
    return total;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
