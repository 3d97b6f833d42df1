import { isStringArray, nodeBuiltin, parseNpz, R1kitError } from '@r1kit/core';
import { parseCsv } from './read-csv.js';

const nodeFsPromises = () => nodeBuiltin({ module: 'fs/promises', functionName: 'readLabelFile' });

/**
 * One sample of a label file.
 *
 * @category Files
 */
export interface LabelFileRow {
  /** The sample name. */
  readonly name: string;
  /** The label field as stored (e.g. `"[happy, sad]"`). */
  readonly field: string;
  /** Where it is: the CSV line, or the array entry (1-based) of an npz file. */
  readonly line: number;
}

/**
 * A row that could not be used, with the reason.
 *
 * @category Files
 */
export interface LabelFileProblem {
  /** The CSV line, or the 1-based npz entry. */
  readonly line: number;
  /** What is wrong. */
  readonly message: string;
}

/**
 * The usable rows of a label file and the problems found in it.
 *
 * @category Files
 */
export interface LabelFile {
  /** The file path. */
  readonly path: string;
  /** Usable rows, in file order. */
  readonly rows: readonly LabelFileRow[];
  /** Bad rows (missing name, wrong field count, duplicate name). */
  readonly problems: readonly LabelFileProblem[];
}

/**
 * Reads ground-truth or predicted labels from a CSV file with `name` and `openset` columns
 * (OV-MERD style) or from an AffectGPT `*-openset.npz` file (string arrays `filenames` and
 * `fileitems`). Bad rows are returned as problems, not thrown.
 *
 * @param path - A `.csv` or `.npz` file.
 * @returns Rows and problems.
 * @throws R1kitError `NOT_FOUND` when the file is missing, `PARSE_ERROR` when its layout is wrong.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readLabelFile } from '@r1kit/emotion-wheel';
 * const path = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'ovlabel.csv');
 * writeFileSync(path, 'name,openset\nsample_1,"[happy, excited]"\nsample_2,sad,extra\n');
 * const { rows, problems } = await readLabelFile(path);
 * console.log(rows); // [{ name: 'sample_1', field: '[happy, excited]', line: 2 }]
 * console.log(problems[0]!.line, problems[0]!.message);
 * // 3 expected 2 fields, found 3 (quote fields that contain commas)
 * ```
 *
 * @category Files
 */
export async function readLabelFile(path: string): Promise<LabelFile> {
  let bytes: Buffer;
  try {
    bytes = await nodeFsPromises().readFile(path);
  } catch (cause) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `readLabelFile: cannot read ${path}`,
      cause,
    });
  }
  const raw = path.toLowerCase().endsWith('.npz') ? fromNpz(bytes, path) : fromCsv(bytes, path);
  const rows: LabelFileRow[] = [];
  const problems: LabelFileProblem[] = [...raw.problems];
  const firstLine = new Map<string, number>();
  for (const row of raw.rows) {
    if (row.name.trim() === '') {
      problems.push({ line: row.line, message: 'missing name' });
      continue;
    }
    const seen = firstLine.get(row.name);
    if (seen !== undefined) {
      problems.push({ line: row.line, message: `duplicate name "${row.name}" (first on ${seen})` });
      continue;
    }
    firstLine.set(row.name, row.line);
    rows.push(row);
  }
  return { path, rows, problems };
}

function fromCsv(bytes: Buffer, path: string): Omit<LabelFile, 'path'> {
  const [header, ...records] = parseCsv(bytes.toString('utf8'), path);
  const nameColumn = header?.fields.indexOf('name') ?? -1;
  const labelColumn = header?.fields.indexOf('openset') ?? -1;
  if (nameColumn < 0 || labelColumn < 0) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `readLabelFile: ${path} must have a header row with columns name and openset; received ${JSON.stringify(header?.fields ?? [])}`,
    });
  }
  const width = header!.fields.length;
  const rows: LabelFileRow[] = [];
  const problems: LabelFileProblem[] = [];
  for (const record of records) {
    if (record.fields.length !== width) {
      problems.push({
        line: record.line,
        message: `expected ${width} fields, found ${record.fields.length} (quote fields that contain commas)`,
      });
      continue;
    }
    rows.push({
      name: record.fields[nameColumn]!,
      field: record.fields[labelColumn]!,
      line: record.line,
    });
  }
  return { rows, problems };
}

function fromNpz(bytes: Buffer, path: string): Omit<LabelFile, 'path'> {
  const arrays = parseNpz(bytes, { source: path });
  const names = arrays.get('filenames');
  const items = arrays.get('fileitems');
  if (
    !names ||
    !items ||
    !isStringArray(names) ||
    !isStringArray(items) ||
    names.data.length !== items.data.length
  ) {
    const found = [...arrays].map(([key, array]) => `${key} (${array.dtype})`).join(', ');
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `readLabelFile: ${path} must hold string arrays filenames and fileitems of equal length; found ${found || 'no arrays'}`,
    });
  }
  return {
    rows: names.data.map((name, index) => ({
      name,
      field: items.data[index]!,
      line: index + 1,
    })),
    problems: [],
  };
}
