import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isStringArray, parseNpz, R1kitError, serializeNpz } from '@r1kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { npy, npz } from '../../test/npy-writer.js';
import { hasReference, referenceDirectory } from '../../test/reference-data.js';
import { readLabelFile } from './read-label-file.js';

const directory = mkdtempSync(join(tmpdir(), 'r1kit-ew-npz-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Writes `bytes` to a file in the test folder and returns its path. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

/** The code and message of the error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return R1kitError.isInstance(error) ? `${error.code}: ${error.message}` : `other: ${error}`;
  }
  return 'no error';
}

const unicode = (data: string[]) => ({ dtype: 'unicode' as const, shape: [data.length], data });

describe('readLabelFile on *-openset.npz files', () => {
  it('reads unicode filenames and fileitems, including non-ASCII and empty items', async () => {
    const path = file(
      'run-openset.npz',
      serializeNpz({
        filenames: unicode(['sample_00000001', 'é😀', 'c']),
        fileitems: unicode(['[glad]', '[unhappy, sad]', '']),
      }),
    );
    const { rows } = await readLabelFile(path);
    expect(rows.map((row) => [row.name, row.field, row.line])).toEqual([
      ['sample_00000001', '[glad]', 1],
      ['é😀', '[unhappy, sad]', 2],
      ['c', '', 3],
    ]);
  });

  it('refuses pickled object arrays, numeric arrays and an invalid code point, naming the file', async () => {
    const pickled = file('model.npz', npz({ name2reason: npy("'|O'", '()', () => {}, 8) }));
    expect(await failure(readLabelFile(pickled))).toMatch(/^UNSUPPORTED: .*model\.npz.*pickle/);
    const numeric = file(
      'numbers.npz',
      serializeNpz({
        filenames: { dtype: 'float64', shape: [1], data: new Float64Array(1) },
        fileitems: unicode(['[glad]']),
      }),
    );
    expect(await failure(readLabelFile(numeric))).toMatch(
      /^PARSE_ERROR: readLabelFile: .*numbers\.npz must hold string arrays .*filenames \(float64\)/,
    );
    const bad = npy("'<U1'", '(1,)', (view, offset) => view.setUint32(offset, 0x110000, true), 4);
    const broken = file('broken.npz', npz({ filenames: bad, fileitems: bad }));
    expect(await failure(readLabelFile(broken))).toMatch(
      /^PARSE_ERROR: parseNpy: .*broken\.npz\/(filenames|fileitems)\.npy: string element 0 holds the invalid code point 0x110000/,
    );
  });

  it.skipIf(!hasReference)(
    'reads the official *-openset.npz and refuses the pickled one',
    async () => {
      const folder = resolve(referenceDirectory, 'sample-outputs');
      const arrays = parseNpz(
        readFileSync(resolve(folder, 'checkpoint_000030_loss_0.602-openset.npz')),
      );
      const names = arrays.get('filenames')!;
      const items = arrays.get('fileitems')!;
      if (!isStringArray(names) || !isStringArray(items)) throw new Error('expected strings');
      expect(names.dtype).toBe('unicode');
      expect(names.data).toHaveLength(532);
      expect(names.data[0]).toBe('sample_00000000');
      expect(items.data[0]).toBe('[unease, anxiety]');
      expect(items.data).toHaveLength(532);
      expect(names.data.every((name) => /^sample(new\d+)?_\d+$/.test(name))).toBe(true);
      expect(items.data.filter((item) => item.startsWith('[')).length).toBeGreaterThan(500);
      const { rows } = await readLabelFile(
        resolve(folder, 'checkpoint_000030_loss_0.602-openset.npz'),
      );
      expect(rows).toHaveLength(532);
      expect(
        await failure(readLabelFile(resolve(folder, 'checkpoint_000030_loss_0.602.npz'))),
      ).toMatch(/^UNSUPPORTED: .*pickle/);
    },
  );
});
