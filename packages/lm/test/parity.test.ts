import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCausalLM } from '../src/io/load-causal-lm.js';
import type { TransformerCausalLM } from '../src/model/transformer-causal-lm.js';
import type { KVCache } from '../src/types.js';

// Written by scripts/make-parity-fixture.py: a float64 PyTorch forward pass of the Qwen2/LLaMA
// architecture, independent of this package.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Expected {
  input_ids: number[][];
  attention_mask: number[][];
  logits: number[][][];
}

/** Largest |ours - reference| over the real (unmasked) positions of columns [from, to). */
function maxDiffAtRealPositions(
  expected: Expected,
  ours: number[][][],
  from: number,
  to: number,
): number {
  let max = 0;
  expected.input_ids.forEach((_row, b) => {
    for (let t = from; t < to; t++) {
      if (expected.attention_mask[b]![t] === 0) continue;
      const reference = expected.logits[b]![t]!;
      ours[b]![t - from]!.forEach((x, v) => {
        max = Math.max(max, Math.abs(x - reference[v]!));
      });
    }
  });
  return max;
}

const columns = (rows: number[][], from: number, to: number) =>
  tf.tensor2d(
    rows.map((row) => row.slice(from, to)),
    undefined,
    'int32',
  );

describe.each(['tiny-qwen2', 'tiny-llama'])('parity with the PyTorch reference (%s)', (name) => {
  const fixture = join(fixtures, name);
  const expected = JSON.parse(
    readFileSync(join(fixture, 'expected-logits.json'), 'utf8'),
  ) as Expected;
  const { input_ids: ids, attention_mask: mask } = expected;
  const time = ids[0]!.length;
  let model: TransformerCausalLM;
  let before: number;
  beforeAll(async () => {
    before = tf.memory().numTensors;
    model = await loadCausalLM(fixture);
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches the reference logits without a cache (max abs diff < 1e-4)', () => {
    const logits = tf.tidy(() =>
      model
        .forward({ inputIds: columns(ids, 0, time), attentionMask: columns(mask, 0, time) })
        .logits.arraySync(),
    );
    const diff = maxDiffAtRealPositions(expected, logits, 0, time);
    console.info(`${name} parity without cache: max abs diff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
  });

  it.each([1, 3, 5])(
    'matches with the KV cache (prefill %i columns, then one token per step)',
    (prefill) => {
      const start = tf.memory().numTensors;
      let cache: KVCache | undefined;
      let worst = 0;
      for (let from = 0; from < time; from = from === 0 ? prefill : from + 1) {
        const to = from === 0 ? prefill : from + 1;
        const inputIds = columns(ids, from, to);
        const attentionMask = columns(mask, 0, to);
        const step = model.forward({
          inputIds,
          attentionMask,
          pastKeyValues: cache,
          useCache: true,
        });
        tf.dispose([inputIds, attentionMask]);
        cache?.dispose();
        cache = step.pastKeyValues;
        worst = Math.max(
          worst,
          maxDiffAtRealPositions(expected, step.logits.arraySync(), from, to),
        );
        step.logits.dispose();
      }
      cache?.dispose();
      console.info(
        `${name} parity with cache (prefill ${prefill}): max abs diff ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(start);
    },
  );
});
