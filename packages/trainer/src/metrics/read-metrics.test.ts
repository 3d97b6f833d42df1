import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetrics } from './read-metrics.js';
import { truncateMetrics } from './truncate-metrics.js';

const good = '{"step":1,"loss":0.5}\n{"step":2,"loss":0.4}\n{"step":3,"loss":0.3}\n';

async function metricsFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'r1kit-metrics-')), 'metrics.jsonl');
  await writeFile(path, text);
  return path;
}

describe('readMetrics and truncateMetrics', () => {
  it('keep the last record of each step, and drop later steps and a torn last line', async () => {
    const path = await metricsFile(`${good}{"step":2,"loss":0.1}\n{"step":4,"lo`);
    expect(await readMetrics(path)).toEqual([
      { step: 1, loss: 0.5 },
      { step: 2, loss: 0.1 },
      { step: 3, loss: 0.3 },
    ]);
    expect(await truncateMetrics(path, 2)).toBe(2);
    expect(await readFile(path, 'utf8')).toBe(
      '{"step":1,"loss":0.5}\n{"step":2,"loss":0.4}\n{"step":2,"loss":0.1}\n',
    );
    expect(await readMetrics(join(path, '..', 'missing.jsonl'))).toEqual([]);
  });

  it.each([
    ['garbage', 'not json'],
    ['no step', '{"loss":1}'],
    ['a text step', '{"step":"abc"}'],
    ['a negative step', '{"step":-5}'],
    ['an array', '[1,2]'],
  ])('name the file and line of %s, and leave the file unchanged', async (_, bad) => {
    const text = `{"step":1,"loss":0.5}\n${bad}\n{"step":2,"loss":0.4}\n`;
    const path = await metricsFile(text);
    const expected = { code: 'PARSE_ERROR', message: expect.stringContaining(`${path}:2:`) };
    await expect(readMetrics(path)).rejects.toMatchObject(expected);
    await expect(truncateMetrics(path, 1)).rejects.toMatchObject(expected);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('refuses a step that is not an integer >= 0 before touching the file', async () => {
    const path = await metricsFile(good);
    for (const step of [Number.NaN, -5, 1.5]) {
      await expect(truncateMetrics(path, step)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(await readFile(path, 'utf8')).toBe(good);
  });
});
