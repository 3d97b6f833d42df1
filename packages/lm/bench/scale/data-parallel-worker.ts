// One data-parallel worker thread: its own TensorFlow.js, wasm heap and copy of the model. It
// answers each ShardTask with the gradients of that shard's share of the loss.
import { parentPort, workerData } from 'node:worker_threads';
import { type BackendName, loadCausalLM, projectionNames, selectBackend } from '../../src/index.js';
import { type ShardTask, shardGradients } from './data-parallel-shard.js';

/** What the pool tells each worker when it starts it. */
export interface DataParallelWorkerData {
  /** This file's URL, imported by data-parallel-boot.mjs. */
  entry: string;
  directory: string;
  mode: 'full' | 'lora';
  backend: BackendName;
  wasmThreads: number;
}

const port = parentPort;
if (port === null) throw new Error('data-parallel-worker: run it as a worker thread');
const data = workerData as DataParallelWorkerData;

/** Posts an error as one line the pool rethrows. */
function fail(error: unknown): void {
  const { name, message, code } = error as Error & { code?: string };
  port?.postMessage({ error: `${code ?? name}: ${message}` });
}

try {
  await selectBackend({ backend: data.backend, wasmThreads: data.wasmThreads, log: false });
  const model = await loadCausalLM(data.directory);
  // The same seed in every worker: the adapters start equal, as replicas must.
  if (data.mode === 'lora') {
    model.addAdapter({ rank: 16, alpha: 32, targetModules: [...projectionNames], seed: 1 });
  }
  port.on('message', (task: ShardTask) => {
    try {
      const result = shardGradients(model, task);
      // Move whole buffers; a view into a larger one (cpu backend) is copied instead.
      const whole = Object.values(result.grads).filter(
        (values) => values.byteOffset === 0 && values.byteLength === values.buffer.byteLength,
      );
      port.postMessage(result, [...new Set(whole.map((values) => values.buffer as ArrayBuffer))]);
    } catch (error) {
      fail(error);
    }
  });
  port.postMessage({ ready: true });
} catch (error) {
  fail(error);
}
