import { describe, expect, it } from 'vitest';
import { parseCsv } from './read-csv.js';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM and multi-line quoted fields', () => {
    const text = '\uFEFFname,openset\r\na,"[happy, sad]"\r\nb,"say ""hi"""\n\nc,"two\nlines"\n';
    expect(parseCsv(text, 'in.csv')).toEqual([
      { line: 1, fields: ['name', 'openset'] },
      { line: 2, fields: ['a', '[happy, sad]'] },
      { line: 3, fields: ['b', 'say "hi"'] },
      { line: 5, fields: ['c', 'two\nlines'] },
    ]);
  });

  it('refuses an unbalanced quote instead of swallowing the next row', () => {
    const text = 'name,openset\na,"[happy, sad]\nb,"[angry]"\nc,"[calm]"\n';
    expect(() => parseCsv(text, 'gt.csv')).toThrowError(
      expect.objectContaining({
        code: 'PARSE_ERROR',
        message: expect.stringMatching(/gt\.csv line 2: .*closes on line 3.*unbalanced/),
      }),
    );
  });

  it('refuses a quote that is never closed, naming the line it opens on', () => {
    expect(() => parseCsv('name,openset\na,[x]\nb,"[angry]\nc,[y]\n', 'gt.csv')).toThrowError(
      expect.objectContaining({
        code: 'PARSE_ERROR',
        message: expect.stringContaining('gt.csv line 3'),
      }),
    );
  });

  it.each([
    ['inside an unquoted field', 'name,openset\na,[hap"py]\n', 'line 2: a quote inside'],
    ['after a closing quote', 'name,openset\na,"[happy]"x\n', 'line 2: the quoted field'],
  ])('refuses a quote %s', (_, text, message) => {
    expect(() => parseCsv(text, 'pred.csv')).toThrowError(
      expect.objectContaining({ code: 'PARSE_ERROR', message: expect.stringContaining(message) }),
    );
  });
});
