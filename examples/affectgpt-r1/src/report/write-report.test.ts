import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { R1kitError } from '@r1kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from './write-report.js';

describe('writeReport', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it('writes report.json (round trip), report.md with the table, and only the plots it has data for', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'r1kit-report-'));
    directories.push(directory);
    const input = {
      config: { preset: 'micro', seed: 1 },
      command: 'npm start -- --preset micro',
      steps: [
        { step: 0, reward: 0.2, kl: 0, 'completions/mean_length': 10 },
        { step: 1, reward: 0.4, kl: 0.01, 'completions/mean_length': 9 },
      ],
      evaluation: [
        {
          stage: 'after SFT',
          scores: { f: 0.5, p: 0.4, r: 0.6667 },
          formatRate: 0.9,
          meanLabels: 2.5,
        },
        {
          stage: 'after GRPO',
          scores: { f: 0.61234, p: 0.6, r: 0.625 },
          formatRate: 1,
          meanLabels: 1.25,
        },
      ],
      timings: { sft: 1.5 },
      notes: ['scorer: concepts'],
    };
    const written = await writeReport(directory, input);
    expect(written).toHaveLength(5);
    expect(JSON.parse(await readFile(path.join(directory, 'report.json'), 'utf8'))).toEqual(input);
    const md = await readFile(path.join(directory, 'report.md'), 'utf8');
    expect(md).toContain('| after GRPO | 61.23 | 60.00 | 62.50 | 100.00% | 1.25 |');
    expect(md).toContain('![reward.svg](plots/reward.svg)');
    expect(md).toContain(
      'Not plotted (no such metric in this run): EW-F (accuracy reward), Clip ratio.',
    );
    expect((await readdir(path.join(directory, 'plots'))).sort()).toEqual([
      'completion-length.svg',
      'kl.svg',
      'reward.svg',
    ]);
  });

  it('reports an unwritable directory as IO_ERROR', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'r1kit-report-'));
    directories.push(directory);
    const blocked = path.join(directory, 'report.json', 'inner');
    await writeReport(directory, {
      config: {},
      command: '',
      steps: [],
      evaluation: [],
      timings: {},
      notes: [],
    });
    await expect(
      writeReport(blocked, {
        config: {},
        command: '',
        steps: [],
        evaluation: [],
        timings: {},
        notes: [],
      }),
    ).rejects.toSatisfy(
      (error: unknown) => R1kitError.isInstance(error) && error.code === 'IO_ERROR',
    );
  });
});
