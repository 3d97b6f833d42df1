import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendMetrics } from './metrics-log.js';

describe('appendMetrics', () => {
  it('appends one JSON object per step and writes non-finite values as null', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'r1kit-metrics-')), 'nested', 'metrics.jsonl');
    appendMetrics(path, 1, { loss: 0.5, kl: Number.NaN });
    appendMetrics(path, 2, { loss: 0.25, 'rewards/accuracy/mean': 1 });
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { step: 1, loss: 0.5, kl: null },
      { step: 2, loss: 0.25, 'rewards/accuracy/mean': 1 },
    ]);
  });
});
