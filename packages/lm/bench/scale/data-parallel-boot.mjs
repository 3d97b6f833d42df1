// Entry of a data-parallel worker thread. Node.js 20 does not run the tsx loader of the parent
// in worker threads, so the worker registers it itself, then imports the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
