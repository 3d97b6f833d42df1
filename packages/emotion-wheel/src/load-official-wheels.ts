import { nodeBuiltin, R1kitError } from '@r1kit/core';
import {
  createEmotionWheelSet,
  type EmotionWheelSet,
  type EmotionWheelVariant,
} from './emotion-wheel-set.js';
import { parseCsv } from './files/read-csv.js';
import { readXlsxRows } from './files/read-xlsx-rows.js';
import { parseLabelList } from './parse-label-list.js';
import type { WheelRow, WheelTree } from './wheel-tree.js';

const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'loadOfficialWheels' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'loadOfficialWheels' });

/**
 * Options for {@link loadOfficialWheels}.
 *
 * @category Wheels
 */
export interface LoadOfficialWheelsOptions {
  /**
   * Metric version. `mer2026` uses the corrected `format.csv` of MERTools MER2026 Track 2: the
   * `formatFile` option if given, else `DIR/mer2026-track2/format.csv` if it exists, else
   * `DIR/format.csv` (a downloaded MER2026 `emotion_wheel` folder holds the corrected file).
   * @defaultValue `'affectgpt'`
   */
  readonly variant?: EmotionWheelVariant;
  /** Path of the form table to use instead of the default one. @defaultValue `undefined` */
  readonly formatFile?: string;
}

async function exists(path: string): Promise<boolean> {
  return nodeFsPromises()
    .access(path)
    .then(
      () => true,
      () => false,
    );
}

/** Reads one `wheelK.xlsx` with forward fill, lower-casing and stripping every word. */
async function readWheel(path: string, name: string): Promise<WheelTree> {
  const records = await readXlsxRows(path, ['level1', 'level2', 'level3']);
  const current = { level1: '', level2: '', level3: '' };
  const rows: WheelRow[] = [];
  for (const record of records) {
    for (const column of ['level1', 'level2', 'level3'] as const) {
      const value = (record[column] ?? '').trim();
      if (value !== '') current[column] = value.toLowerCase();
    }
    if (current.level1 === '' || current.level2 === '') continue;
    rows.push({ ...current });
  }
  return { name, rows };
}

/** Builds the synonym map from the 8 runs of `synonym.xlsx`. */
async function readSynonyms(path: string): Promise<Map<string, string[]>> {
  const runs = [1, 2, 3, 4, 5, 6, 7, 8];
  const columns = runs.flatMap((run) => [`word_run${run}`, `synonym_run${run}`]);
  const records = await readXlsxRows(path, columns);
  const sets = new Map<string, Set<string>>();
  const add = (key: string, word: string) => {
    const set = sets.get(key) ?? new Set<string>();
    set.add(word);
    sets.set(key, set);
  };
  for (const run of runs) {
    for (const record of records) {
      const word = (record[`word_run${run}`] ?? '').trim().toLowerCase();
      if (word === '') continue;
      add(word, word);
      for (const piece of parseLabelList(record[`synonym_run${run}`] ?? '')) {
        add(piece.trim().toLowerCase(), word);
      }
    }
  }
  return new Map([...sets].map(([key, words]) => [key, [...words].sort()]));
}

/** Builds the form map from `format.csv` (`name,format`). */
async function readForms(path: string): Promise<Map<string, string[]>> {
  let text: string;
  try {
    text = await nodeFsPromises().readFile(path, 'utf8');
  } catch (cause) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `loadOfficialWheels: cannot read ${path}; put the official format.csv there or pass options.formatFile`,
      cause,
    });
  }
  const [header, ...rows] = parseCsv(text, path);
  const nameColumn = header?.fields.indexOf('name') ?? -1;
  const formatColumn = header?.fields.indexOf('format') ?? -1;
  if (nameColumn < 0 || formatColumn < 0) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadOfficialWheels: ${path} must have a header row with columns name,format; received ${JSON.stringify(header?.fields ?? [])}`,
    });
  }
  const forms = new Map<string, string[]>();
  const add = (key: string, name: string) => forms.set(key, [...(forms.get(key) ?? []), name]);
  for (const row of rows) {
    const name = row.fields[nameColumn] ?? '';
    for (const piece of parseLabelList(row.fields[formatColumn] ?? '')) add(piece.trim(), name);
    add(name, name);
  }
  return forms;
}

/**
 * Loads the official OV-MER / AffectGPT emotion-wheel files as users download them from the
 * AffectGPT or MERTools repositories: `wheel1.xlsx` to `wheel5.xlsx`, `synonym.xlsx` and
 * `format.csv`. Scores computed with them reproduce the official evaluation.
 *
 * @param directory - The `emotion_wheel` folder.
 * @param options - Variant and an optional form-table path.
 * @returns The compiled set, with `source: 'official'`.
 * @throws R1kitError `NOT_FOUND` for a missing file, `PARSE_ERROR` for a file that is not xlsx or lacks the expected columns.
 *
 * @example
 * ```ts no-run
 * import { loadOfficialWheels, scoreEmotionWheel } from '@r1kit/emotion-wheel';

 * const wheels = await loadOfficialWheels('AffectGPT/emotion_wheel');
 * scoreEmotionWheel(['[happy]'], ['[joyful]'], { wheels }).f; // 1
 * ```
 *
 * @category Wheels
 */
export async function loadOfficialWheels(
  directory: string,
  options: LoadOfficialWheelsOptions = {},
): Promise<EmotionWheelSet> {
  const variant = options.variant ?? 'affectgpt';
  if (variant !== 'affectgpt' && variant !== 'mer2026') {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `loadOfficialWheels: options.variant must be 'affectgpt' or 'mer2026'; received ${JSON.stringify(variant)}`,
    });
  }
  let formatFile = options.formatFile ?? nodePath().join(directory, 'format.csv');
  const corrected = nodePath().join(directory, 'mer2026-track2', 'format.csv');
  if (!options.formatFile && variant === 'mer2026' && (await exists(corrected))) {
    formatFile = corrected;
  }
  const wheelFiles = [1, 2, 3, 4, 5].map((k) => nodePath().join(directory, `wheel${k}.xlsx`));
  const required = [...wheelFiles, nodePath().join(directory, 'synonym.xlsx'), formatFile];
  const missing: string[] = [];
  for (const path of required) if (!(await exists(path))) missing.push(path);
  if (missing.length > 0) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `loadOfficialWheels: missing ${missing.join(', ')}; the folder must hold wheel1.xlsx to wheel5.xlsx, synonym.xlsx and format.csv as downloaded from the AffectGPT or MERTools emotion_wheel folder`,
    });
  }
  const trees: WheelTree[] = [];
  for (const [index, path] of wheelFiles.entries()) {
    trees.push(await readWheel(path, `wheel${index + 1}`));
  }
  const synonyms = await readSynonyms(nodePath().join(directory, 'synonym.xlsx'));
  const forms = await readForms(formatFile);
  return createEmotionWheelSet({ trees, forms, synonyms }, { source: 'official', variant });
}
