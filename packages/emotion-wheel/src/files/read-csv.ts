import { R1kitError } from '@r1kit/core';

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF, optional BOM) into rows
 * of fields, each row tagged with its 1-based line number in the text. Strict where a loose
 * reader would silently merge rows: a quote inside an unquoted field, text after a closing quote,
 * and a quote that is never closed are errors naming the source and line.
 *
 * @param text - The CSV text.
 * @param source - A name for error messages (a file path).
 * @returns The rows, blank lines skipped.
 * @throws R1kitError `PARSE_ERROR` naming `source` and the line of the bad quote.
 *
 * @example
 * ```ts
 * import { parseCsv } from '@r1kit/emotion-wheel';
 * const rows = parseCsv('name,openset\na,"[happy, sad]"\n', 'inline');
 * console.log(rows[1]); // { line: 2, fields: ['a', '[happy, sad]'] }
 * console.log(rows[0]!.fields); // ['name', 'openset']
 * ```
 *
 * @category Files
 */
export function parseCsv(text: string, source: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (; position < text.length; position++) {
    const char = text[position]!;
    if (quoted) {
      if (char === '"' && text[position + 1] === '"') {
        field += '"';
        position++;
      } else if (char === '"') {
        quoted = false;
        const next = text[position + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new R1kitError({
            code: 'PARSE_ERROR',
            message: `parseCsv: ${source} line ${quoteLine}: the quoted field that opens there ${line === quoteLine ? 'is' : `closes on line ${line} and is`} followed by ${JSON.stringify(next)}; expected a comma or the end of the line. A quote is probably unbalanced: close it, or double quotes inside quoted fields ("")`,
          });
        }
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === '"') {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `parseCsv: ${source} line ${line}: a quote inside the unquoted field ${JSON.stringify(field)}; quote the whole field ("...") and double the quotes inside it ("")`,
      });
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[position + 1] === '\n') position++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `parseCsv: ${source} line ${quoteLine} has a quoted field that is never closed; close the quote or remove it`,
    });
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
