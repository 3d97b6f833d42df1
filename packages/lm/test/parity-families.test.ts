import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSafetensors } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCausalLM } from '../src/io/load-causal-lm.js';
import { sequenceLogProbs } from '../src/log-probs/sequence-log-probs.js';
import { loadLoraAdapter } from '../src/lora/load-lora-adapter.js';
import type { TransformerCausalLM } from '../src/model/transformer-causal-lm.js';
import type { KVCache } from '../src/types.js';

// Written by scripts/make-family-fixtures.py: float64 PyTorch forward passes of the Qwen3,
// Llama 3.x, Gemma 3 and sliding-window Qwen2 architectures (no transformers library), over a
// 40-token batch whose first row is left-padded by 5: longer than the sliding windows (8) and
// than Llama 3's original_max_position_embeddings (16).
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Fixture {
  ids: number[][];
  mask: number[][];
  /** `[batch, time, vocab]` reference logits, flat. */
  logits: Float32Array;
  /** The same with the fixture's PEFT adapter merged into the weights (W + alpha / r B A). */
  loraLogits?: Float32Array;
}

function readFixture(name: string): Fixture {
  const directory = join(fixtures, name);
  const inputs = JSON.parse(readFileSync(join(directory, 'inputs.json'), 'utf8')) as {
    input_ids: number[][];
    attention_mask: number[][];
  };
  const { tensors } = parseSafetensors(
    new Uint8Array(readFileSync(join(directory, 'expected-logits.safetensors'))),
    { float32: true },
  );
  const lora = tensors.lora_logits?.data;
  return {
    ids: inputs.input_ids,
    mask: inputs.attention_mask,
    logits: tensors.logits!.data,
    ...(lora ? { loraLogits: lora } : {}),
  };
}

/** Largest |ours - reference| over the real (unmasked) positions of columns [from, to). */
function maxDiff(
  fixture: Fixture,
  reference: Float32Array,
  ours: number[][][],
  from: number,
  to: number,
): number {
  const time = fixture.ids[0]!.length;
  const vocab = reference.length / (fixture.ids.length * time);
  let max = 0;
  fixture.ids.forEach((_row, b) => {
    for (let t = from; t < to; t++) {
      if (fixture.mask[b]![t] === 0) continue;
      for (let v = 0; v < vocab; v++) {
        const expected = reference[(b * time + t) * vocab + v]!;
        max = Math.max(max, Math.abs(ours[b]![t - from]![v]! - expected));
      }
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

/** Full-sequence logits without a cache. */
function fullLogits(model: TransformerCausalLM, fixture: Fixture): number[][][] {
  const time = fixture.ids[0]!.length;
  return tf.tidy(() =>
    model
      .forward({
        inputIds: columns(fixture.ids, 0, time),
        attentionMask: columns(fixture.mask, 0, time),
      })
      .logits.arraySync(),
  );
}

/** Prefills `prefill` columns, then decodes one column per step with the KV cache. */
function cachedDiff(
  model: TransformerCausalLM,
  fixture: Fixture,
  reference: Float32Array,
  prefill: number,
): number {
  const time = fixture.ids[0]!.length;
  let cache: KVCache | undefined;
  let worst = 0;
  for (let from = 0; from < time; from = from === 0 ? prefill : from + 1) {
    const to = from === 0 ? prefill : from + 1;
    const inputIds = columns(fixture.ids, from, to);
    const attentionMask = columns(fixture.mask, 0, to);
    const step = model.forward({ inputIds, attentionMask, pastKeyValues: cache, useCache: true });
    tf.dispose([inputIds, attentionMask]);
    cache?.dispose();
    cache = step.pastKeyValues;
    worst = Math.max(worst, maxDiff(fixture, reference, step.logits.arraySync(), from, to));
    step.logits.dispose();
  }
  cache?.dispose();
  return worst;
}

const families = [
  { name: 'tiny-qwen3', cache: true },
  { name: 'tiny-llama3', cache: true },
  { name: 'tiny-gemma3', cache: true },
  { name: 'tiny-qwen2-sliding', cache: true },
  { name: 'tiny-llama-linear', cache: true },
  { name: 'tiny-llama-yarn', cache: true },
  // Dynamic NTK frequencies depend on the length of each forward call (as in transformers), so
  // cached decoding rotates earlier keys with other frequencies than one full pass: no cache test.
  { name: 'tiny-llama-dynamic', cache: false },
];

describe.each(families)('parity with the PyTorch reference ($name)', ({ name, cache }) => {
  const directory = join(fixtures, name);
  const fixture = readFixture(name);
  let model: TransformerCausalLM;
  let before: number;
  beforeAll(async () => {
    before = tf.memory().numTensors;
    model = await loadCausalLM(directory);
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches the reference logits without a cache (max abs diff < 1e-4)', () => {
    const diff = maxDiff(fixture, fixture.logits, fullLogits(model, fixture), 0, 40);
    console.info(`${name} parity without cache: max abs diff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
  });

  it.skipIf(!cache).each([1, 7, 20])(
    'matches with the KV cache (prefill %i columns, then one token per step)',
    (prefill) => {
      const start = tf.memory().numTensors;
      const worst = cachedDiff(model, fixture, fixture.logits, prefill);
      console.info(`${name} parity with cache (prefill ${prefill}): ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(start);
    },
  );

  it.skipIf(fixture.loraLogits === undefined)(
    'with the PEFT adapter applied equals the reference with the adapter merged, cached too',
    async () => {
      const adapted = await loadCausalLM(directory);
      try {
        await loadLoraAdapter(adapted, join(directory, 'adapter'));
        const reference = fixture.loraLogits!;
        const full = maxDiff(fixture, reference, fullLogits(adapted, fixture), 0, 40);
        const cached = cachedDiff(adapted, fixture, reference, 7);
        console.info(
          `${name} LoRA parity: ${full.toExponential(2)}, cached ${cached.toExponential(2)}`,
        );
        expect(full).toBeLessThan(1e-4);
        expect(cached).toBeLessThan(1e-4);
        // The adapter changes the logits by far more than the tolerance.
        expect(
          maxDiff(fixture, fixture.logits, fullLogits(adapted, fixture), 0, 40),
        ).toBeGreaterThan(1e-2);
      } finally {
        adapted.dispose();
      }
    },
  );

  it('sequenceLogProbs equals the log-softmax of the reference logits at the completion', () => {
    const time = fixture.ids[0]!.length;
    const completion = 12;
    const ours = tf.tidy(() =>
      sequenceLogProbs(
        model,
        {
          inputIds: columns(fixture.ids, 0, time),
          attentionMask: columns(fixture.mask, 0, time),
          completionLength: completion,
        },
        { chunkSize: 5 },
      ).arraySync(),
    ) as number[][];
    const vocab = fixture.logits.length / (fixture.ids.length * time);
    let worst = 0;
    fixture.ids.forEach((row, b) => {
      for (let c = 0; c < completion; c++) {
        const t = time - completion + c;
        const offset = (b * time + t - 1) * vocab;
        const logits = Array.from(fixture.logits.subarray(offset, offset + vocab));
        const top = Math.max(...logits);
        const logSum = top + Math.log(logits.reduce((sum, x) => sum + Math.exp(x - top), 0));
        worst = Math.max(worst, Math.abs(ours[b]![c]! - (logits[row[t]!]! - logSum)));
      }
    });
    expect(worst).toBeLessThan(1e-4);
  });
});
