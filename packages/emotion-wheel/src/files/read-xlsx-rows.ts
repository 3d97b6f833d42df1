import { nodeBuiltin, R1kitError } from '@r1kit/core';
import type ExcelJS from 'exceljs';

const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'loadOfficialWheels' });

/** Turns one exceljs cell value into its text ('' for an empty cell). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value && value.result !== undefined)
      return cellText(value.result as ExcelJS.CellValue);
  }
  return String(value);
}

/**
 * Reads the first sheet of an xlsx file as records keyed by the header row, checking that the
 * required columns exist.
 *
 * @param path - The xlsx file.
 * @param required - Column names that must be in the header row.
 * @returns One record per data row (empty cells as `''`), in sheet order.
 */
export async function readXlsxRows(
  path: string,
  required: readonly string[],
): Promise<Record<string, string>[]> {
  let data: Buffer;
  try {
    data = await nodeFsPromises().readFile(path);
  } catch (cause) {
    throw new R1kitError({
      code: (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR',
      message: `loadOfficialWheels: cannot read ${path}; put the official emotion_wheel files in that folder`,
      cause,
    });
  }
  // exceljs (about 1.5 MB) loads only here, so a page that computes rewards does not ship it.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (cause) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadOfficialWheels: ${path} is not a readable xlsx workbook (${(cause as Error).message})`,
      cause,
    });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadOfficialWheels: ${path} has no sheet`,
    });
  }
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    header[column] = cellText(cell.value).trim();
  });
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadOfficialWheels: ${path} must have the columns ${required.join(', ')} in its first row; missing ${missing.join(', ')} (found ${header.filter(Boolean).join(', ') || 'none'})`,
    });
  }
  const rows: Record<string, string>[] = [];
  for (let number = 2; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      if (name) record[name] = cellText(row.getCell(column).value);
    });
    rows.push(record);
  }
  return rows;
}
