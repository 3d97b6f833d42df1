import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';
import { parseLabelList } from './parse-label-list.js';

describe('parseCsv', () => {
  it('parses quoted fields with commas, doubled quotes, newlines, CRLF and a BOM', () => {
    const table = parseCsv(
      '\uFEFFname,openset\r\na,"[happy, joyful]"\r\n\r\nb,"say ""hi""\nthere"\nc,sad',
      'x.csv',
    );
    expect(table.header).toEqual(['name', 'openset']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['a', '[happy, joyful]'] },
      { line: 4, cells: ['b', 'say "hi"\nthere'] },
      { line: 6, cells: ['c', 'sad'] },
    ]);
  });

  it('reports the line of a row with the wrong number of columns', () => {
    try {
      parseCsv('name,openset\na,happy\nb,happy,sad\n', 'label.csv');
      expect.unreachable();
    } catch (error) {
      expect(R1kitError.isInstance(error) && error.code).toBe('PARSE_ERROR');
      expect((error as Error).message).toContain('label.csv:3');
      expect((error as Error).message).toContain('received 3');
    }
  });

  it('reports an unterminated quote and an empty file', () => {
    expect(() => parseCsv('name,openset\na,"happy\n', 'l.csv')).toThrow(/l\.csv:2: unterminated/);
    expect(() => parseCsv('', 'e.csv')).toThrow(/empty/);
  });
});

describe('parseLabelList', () => {
  it('accepts the OV-MER list spellings', () => {
    expect(parseLabelList("['Happy', 'joyful']")).toEqual(['happy', 'joyful']);
    expect(parseLabelList('[worried, anxious]')).toEqual(['worried', 'anxious']);
    expect(parseLabelList(' sad ')).toEqual(['sad']);
    expect(parseLabelList('[]')).toEqual([]);
  });
});
