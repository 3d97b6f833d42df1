import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxAbsDiff } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataParallelPool } from '../bench/scale/data-parallel-pool.js';
import {
  addGradients,
  type NamedGradients,
  shardGradients,
  shardRows,
} from '../bench/scale/data-parallel-shard.js';
import { scaleShapes } from '../bench/scale/scale-shapes.js';
import { writeRandomModel } from '../bench/scale/write-random-model.js';
import type { BackendName } from '../src/index.js';
import { projectionNames } from '../src/index.js';
import { loadCausalLM } from '../src/io/load-causal-lm.js';

// bench/scale's data-parallel route: the gradients that two worker threads (each with its own
// TensorFlow.js and copy of the model) compute for their halves of a batch, summed, must be the
// gradients of the whole batch computed in one process.

let directory: string;
const config = { ...scaleShapes.tiny!, numHiddenLayers: 1, vocabSize: 512 };
/** Three rows (shards of 2 and 1 rows: the loss weights must follow the row counts). */
const inputIds = [0, 1, 2].map((row) =>
  Array.from({ length: 10 }, (_, t) => (row * 131 + t * 17 + 1) % config.vocabSize),
);
const batch = { inputIds, completionLength: 4 };
const options = { chunkSize: 2, training: true };

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'r1kit-data-parallel-'));
  await writeRandomModel(directory, config, 7);
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The whole batch's gradients in this process, as a worker computes a shard's. */
async function reference(mode: 'full' | 'lora'): Promise<NamedGradients> {
  const model = await loadCausalLM(directory);
  if (mode === 'lora') {
    model.addAdapter({ rank: 16, alpha: 32, targetModules: [...projectionNames], seed: 1 });
  }
  const before = tf.memory().numTensors;
  const { grads } = shardGradients(model, { ...batch, totalRows: 3, options });
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
  return grads;
}

describe('data-parallel training (bench/scale)', () => {
  it('cuts a batch into contiguous shards that differ by at most one row', () => {
    expect(shardRows(3, 2)).toEqual([
      { start: 0, rows: 2 },
      { start: 2, rows: 1 },
    ]);
    expect(shardRows(8, 2)).toEqual([
      { start: 0, rows: 4 },
      { start: 4, rows: 4 },
    ]);
    expect(shardRows(1, 2)).toEqual([{ start: 0, rows: 1 }]);
  });

  it('adds gradients name by name', () => {
    const into: NamedGradients = { a: new Float32Array([1, 2]) };
    addGradients(into, { a: new Float32Array([0.5, -2]), b: new Float32Array([3]) });
    expect(into).toEqual({ a: new Float32Array([1.5, 0]), b: new Float32Array([3]) });
  });

  for (const mode of ['lora', 'full'] as const) {
    it(`two workers' summed ${mode} gradients equal the whole batch's in one process`, async () => {
      const expected = await reference(mode);
      const pool = await DataParallelPool.start({
        workers: 2,
        directory,
        mode,
        backend: tf.getBackend() as BackendName,
        wasmThreads: 1,
      });
      try {
        const { grads } = await pool.step(batch, options);
        expect(Object.keys(grads).sort()).toEqual(Object.keys(expected).sort());
        let largest = 0;
        for (const [name, values] of Object.entries(expected)) {
          expect(maxAbsDiff(grads[name]!, values), name).toBeLessThan(1e-5);
          largest = Math.max(largest, ...values.map(Math.abs));
        }
        // The comparison is not between zeros.
        expect(largest).toBeGreaterThan(1e-3);
      } finally {
        await pool.close();
      }
    });
  }
});
