import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npyUnicode, npz } from '../../test/npy-writer.js';
import { hasReference, referenceDirectory } from '../../test/reference-data.js';
import { runCli } from './run-cli.js';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('r1kit-ew score', () => {
  let directory = '';
  const path = (name: string) => join(directory, name);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'r1kit-ew-cli-'));
    await writeFile(path('gt.csv'), 'name,openset\na,"[happy, angry]"\nb,[sad]\n');
    await writeFile(path('pred.csv'), 'name,openset\nb,[unhappy]\na,"[glad]"\nz,[sad]\n');
    await writeFile(path('bad.csv'), 'name,openset\na,"[happy, angry]"\n,[sad]\nc,x,y\nd,[fear]\n');
    await writeFile(
      path('pred.npz'),
      npz({ filenames: npyUnicode(['a', 'b']), fileitems: npyUnicode(['[glad]', '[unhappy]']) }),
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints JSON scores for CSV and npz predictions alike', async () => {
    // Built-in wheels: a = {joy-class, anger-class} vs {joy-class}: P 1, R 1/2; b: P = R = 1.
    const csv = await run(['score', '--gt', path('gt.csv'), '--pred', path('pred.csv'), '--json']);
    expect(csv.code).toBe(0);
    const result = JSON.parse(csv.stdout);
    expect(result).toMatchObject({ samples: 2, level: 1, precision: 1, recall: 0.75 });
    // Built-in wheels default to the MER2026 zero guards, like builtinWheelSet() in the API.
    expect(result.variant).toBe('mer2026');
    expect(result.f).toBeCloseTo(6 / 7, 12);
    const fromNpz = await run([
      'score',
      '--gt',
      path('gt.csv'),
      '--pred',
      path('pred.npz'),
      '--json',
    ]);
    expect(JSON.parse(fromNpz.stdout).f).toBe(result.f);
  });

  it('prints a table with one line per wheel and the mean', async () => {
    const { code, stdout } = await run([
      'score',
      '--gt',
      path('gt.csv'),
      '--pred',
      path('pred.csv'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/built-in \(not comparable to papers\)/);
    expect(stdout).toMatch(/\nfeeling-wheel\s+0\.8571\s+1\.0000\s+0\.7500\s+2\n/);
    expect(stdout).toMatch(/\nmean\s+0\.8571\s+1\.0000\s+0\.7500\n/);
  });

  it('reports bad rows by line and fails, or skips them on request', async () => {
    const failed = await run(['score', '--gt', path('bad.csv'), '--pred', path('pred.csv')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('bad.csv:3: missing name');
    expect(failed.stderr).toContain('bad.csv:4: expected 2 fields, found 3');
    expect(failed.stderr).toContain('bad.csv:5: no prediction for ground-truth name "d"');
    const skipped = await run([
      'score',
      '--gt',
      path('bad.csv'),
      '--pred',
      path('pred.csv'),
      '--on-bad-rows',
      'skip',
      '--json',
    ]);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ samples: 1, skippedRows: 3, recall: 0.5 });
  });

  it.each([
    [
      'a header-only ground truth',
      'name,openset\n',
      'name,openset\na,[happy]\n',
      [],
      /no sample to score/,
    ],
    [
      'no matching names with --on-bad-rows skip',
      'name,openset\na,[happy]\nb,[sad]\n',
      'name,openset\nx,[happy]\ny,[sad]\n',
      ['--on-bad-rows', 'skip'],
      /no sample to score/,
    ],
    [
      'a ground truth of [',
      'name,openset\na,[\n',
      'name,openset\na,[happy]\n',
      [],
      /gt\.csv:2: ground truth "\[" of "a" is not a label list/,
    ],
    [
      'a ground truth of [[[ with --on-bad-rows skip',
      'name,openset\na,[[[\n',
      'name,openset\na,[happy]\n',
      ['--on-bad-rows', 'skip'],
      /no sample to score/,
    ],
    [
      'ground truth that maps to no wheel class',
      'name,openset\na,[xyzzy]\n',
      'name,openset\na,[happy]\n',
      [],
      /maps to a class of any wheel/,
    ],
    [
      'an unbalanced quote',
      'name,openset\na,"[happy, sad]\nb,"[angry]"\n',
      'name,openset\na,[happy]\nb,[angry]\n',
      [],
      /gt\.csv line 2: .*unbalanced/,
    ],
    [
      'a quote inside a field',
      'name,openset\na,[hap"py]\n',
      'name,openset\na,[happy]\n',
      [],
      /gt\.csv line 2: a quote inside/,
    ],
  ])('fails with exit 1 and no score on %s', async (_, truth, predicted, extra, message) => {
    await writeFile(path('edge-gt.csv'), truth);
    await writeFile(path('edge-pred.csv'), predicted);
    const result = await run([
      'score',
      '--gt',
      path('edge-gt.csv'),
      '--pred',
      path('edge-pred.csv'),
      '--json',
      ...extra,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('rejects bad usage with exit code 2 and missing files with 1', async () => {
    expect((await run(['score', '--gt', path('gt.csv')])).code).toBe(2);
    expect((await run(['rank', '--gt', 'a', '--pred', 'b'])).code).toBe(2);
    expect((await run(['score', '--gt', 'a', '--pred', 'b', '--level', '3'])).stderr).toMatch(
      /--level must be 1 or 2; received 3/,
    );
    const missing = await run(['score', '--gt', path('none.csv'), '--pred', path('pred.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*none\.csv/);
  });

  it.skipIf(!hasReference)(
    'scores the real AffectGPT outputs with the official files',
    async () => {
      const outputs = join(referenceDirectory, 'sample-outputs');
      const argv = [
        'score',
        '--gt',
        join(outputs, 'checkpoint_000030_loss_0.602-openset.npz'),
        '--pred',
        join(outputs, 'checkpoint_000030_loss_0.602-openset.npz'),
        '--resources',
        referenceDirectory,
        '--json',
      ];
      const self = JSON.parse((await run(argv)).stdout);
      // A prediction equal to the ground truth scores 1 in every wheel that keeps any sample.
      expect(self.samples).toBe(532);
      expect([self.f, self.precision, self.recall]).toEqual([1, 1, 1]);
    },
  );
});
