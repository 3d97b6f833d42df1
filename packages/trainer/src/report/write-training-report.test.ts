import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectR1kitError } from '@r1kit/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTrainingReport } from './build-training-report.js';
import { writeTrainingReport } from './write-training-report.js';

describe('writeTrainingReport', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });
  const temporaryDirectory = async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'r1kit-report-'));
    directories.push(directory);
    return directory;
  };

  it('writes report.json (round trip), report.md and only the plots it has data for', async () => {
    const directory = await temporaryDirectory();
    const content = {
      config: { preset: 'micro', seed: 1 },
      command: 'npm start -- --preset micro',
      steps: [
        { step: 0, reward: 0.2, kl: 0, 'completions/mean_length': 10 },
        { step: 1, reward: 0.4, kl: 0.01, 'completions/mean_length': 9 },
      ],
      evaluation: {
        rows: [{ stage: 'after GRPO', f: 0.61234 }],
        columns: [
          { header: 'model', cell: (row: { stage: string }) => row.stage },
          { header: 'F', cell: (row: { f: number }) => (100 * row.f).toFixed(2) },
        ],
      },
      timings: { sft: 1.5 },
      notes: ['scorer: concepts'],
    };
    const written = await writeTrainingReport({ directory, ...content });
    const plots = path.join(directory, 'plots');
    expect(written).toEqual([
      path.join(directory, 'report.json'),
      path.join(directory, 'report.md'),
      path.join(plots, 'reward.svg'),
      path.join(plots, 'completion-length.svg'),
      path.join(plots, 'kl.svg'),
    ]);
    const expected = buildTrainingReport(content);
    expect(JSON.parse(await readFile(written[0]!, 'utf8'))).toEqual({
      ...content,
      evaluation: content.evaluation.rows,
    });
    expect(await readFile(written[1]!, 'utf8')).toBe(expected.markdown);
    expect(await readFile(written[1]!, 'utf8')).toContain('| after GRPO | 61.23 |');
    expect(await readFile(path.join(plots, 'kl.svg'), 'utf8')).toBe(expected.plots[2]!.svg);
    expect((await readdir(plots)).sort()).toEqual([
      'completion-length.svg',
      'kl.svg',
      'reward.svg',
    ]);
    // No temporary file is left behind.
    expect((await readdir(directory)).sort()).toEqual(['plots', 'report.json', 'report.md']);
  });

  it('reports an unwritable directory as IO_ERROR', async () => {
    const directory = await temporaryDirectory();
    await writeTrainingReport({ directory, steps: [] });
    const blocked = path.join(directory, 'report.json', 'inner');
    await expectR1kitError(
      () => writeTrainingReport({ directory: blocked, steps: [] }),
      'IO_ERROR',
      'writeTrainingReport',
      JSON.stringify(blocked),
    );
  });
});
