import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialWheels } from './load-official-wheels.js';
import { mapLabel } from './map-label.js';

async function writeSheet(path: string, rows: (string | null)[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return R1kitError.isInstance(error) ? error.code : `not an R1kitError: ${error}`;
  }
}

describe('loadOfficialWheels on files in the official layout', () => {
  let directory = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'r1kit-ew-'));
    for (const k of [1, 2, 3, 4, 5]) {
      // Blank level1/level2 cells are forward-filled; words are lower-cased and stripped.
      await writeSheet(join(directory, `wheel${k}.xlsx`), [
        ['level1', 'level2', 'level3'],
        ['Happy ', 'Joyful', 'Cheerful'],
        [null, null, 'Glad'],
        ['Sad', 'Lonely', 'Isolated'],
      ]);
    }
    const header = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((run) => [
      `word_run${run}`,
      `synonym_run${run}`,
    ]);
    await writeSheet(join(directory, 'synonym.xlsx'), [
      header,
      header.map((name) => (name.startsWith('word') ? 'Cheerful' : 'merry, Upbeat')),
      header.map((name) => (name.startsWith('word') ? 'lonely' : 'alone')),
    ]);
    await writeFile(
      join(directory, 'format.csv'),
      'name,format\ncheerful,"cheerfulness,cheerfully"\nmerry,"merriment"\nupbeat,\nlonely,loneliness\nalone,\n',
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads wheels, synonyms and forms with the official semantics', async () => {
    const wheels = await loadOfficialWheels(directory);
    expect(wheels.source).toBe('official');
    expect(wheels.trees[0]!.rows).toEqual([
      { level1: 'happy', level2: 'joyful', level3: 'cheerful' },
      { level1: 'happy', level2: 'joyful', level3: 'glad' },
      { level1: 'sad', level2: 'lonely', level3: 'isolated' },
    ]);
    expect(wheels.synonyms.get('upbeat')).toEqual(['cheerful']);
    expect(wheels.forms.get('merriment')).toEqual(['merry']);
    expect(mapLabel('merriment', { wheels, wheel: 4 })).toBe('happy');
    expect(mapLabel('loneliness', { wheels, wheel: 0, level: 2 })).toBe('lonely');
    expect(mapLabel('glad', { wheels, wheel: 0 })).toBeUndefined();
  });

  it('reports a missing file, a file that is not xlsx and a wrong layout', async () => {
    expect(await codeOf(loadOfficialWheels(join(directory, 'nowhere')))).toBe('NOT_FOUND');
    await expect(loadOfficialWheels(join(directory, 'nowhere'))).rejects.toThrow(
      /missing .*wheel1\.xlsx.*format\.csv/,
    );
    const broken = await mkdtemp(join(tmpdir(), 'r1kit-ew-bad-'));
    try {
      await cp(directory, broken, { recursive: true });
      await writeFile(join(broken, 'wheel1.xlsx'), 'this is not a zip file');
      expect(await codeOf(loadOfficialWheels(broken))).toBe('PARSE_ERROR');
      await writeSheet(join(broken, 'wheel1.xlsx'), [
        ['core', 'middle'],
        ['happy', 'joyful'],
      ]);
      await expect(loadOfficialWheels(broken)).rejects.toThrow(
        /must have the columns level1, level2, level3 .*missing level1, level2, level3/,
      );
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
