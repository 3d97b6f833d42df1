import { R1kitError } from '@r1kit/core';

/**
 * A parsed CSV: the header and the rows, each with the 1-based line it started on.
 *
 * @category Data
 */
export interface CsvTable {
  /** Column names from the first line. */
  readonly header: readonly string[];
  /** Data rows (blank lines dropped), with the line number where each starts. */
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
}

/**
 * Parses RFC 4180 CSV text (quoted fields may hold commas, doubled quotes and newlines).
 *
 * @param text - The file contents.
 * @param source - The file name, for error messages.
 * @returns The table.
 * @throws R1kitError `PARSE_ERROR` naming the line of an unterminated quote or a row whose
 *   column count differs from the header's.
 * @example
 * ```ts
 * parseCsv('name,openset\nsample_1,"[happy, joyful]"\n', 'label.csv').rows[0].cells;
 * // ['sample_1', '[happy, joyful]']
 * ```
 * @category Data
 */
export function parseCsv(text: string, source: string): CsvTable {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let rowHasContent = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index] as string;
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line += 1;
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
      rowHasContent = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      rowHasContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index += 1;
      if (rowHasContent || cell !== '') records.push({ line: start, cells: [...cells, cell] });
      cells = [];
      cell = '';
      rowHasContent = false;
      line += 1;
      start = line;
    } else {
      cell += char;
      rowHasContent = true;
    }
  }
  if (quoted) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${source}:${start}: unterminated quoted field; close the quote or remove it.`,
    });
  }
  if (rowHasContent || cell !== '') records.push({ line: start, cells: [...cells, cell] });
  const [first, ...rows] = records;
  if (first === undefined) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${source}: the file is empty; expected a header line.`,
    });
  }
  const header = first.cells.map((name) => name.trim());
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `${source}:${row.line}: expected ${header.length} columns (${header.join(',')}); received ${row.cells.length}. Quote fields that contain commas.`,
      });
    }
  }
  return { header, rows };
}
