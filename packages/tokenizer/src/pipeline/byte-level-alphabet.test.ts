import { describe, expect, it } from 'vitest';
import { byteToChar, charToByte, toByteLevel } from './byte-level-alphabet.js';

describe('byte-level alphabet', () => {
  it('is the GPT-2 table: printable bytes map to themselves, others from U+0100 on', () => {
    expect(new Set(byteToChar).size).toBe(256);
    expect(byteToChar[0x41]).toBe('A');
    expect(byteToChar[0xe9]).toBe('é');
    expect(byteToChar[0]).toBe('\u0100');
    expect(byteToChar[0x20]).toBe('Ġ');
    expect(byteToChar[0x0a]).toBe('Ċ');
    expect(byteToChar[0xad]).toBe('Ń');
    for (let byte = 0; byte < 256; byte++) expect(charToByte.get(byteToChar[byte]!)).toBe(byte);
  });

  it('maps text to one character per UTF-8 byte', () => {
    expect(toByteLevel('Hi there\n')).toBe('HiĠthereĊ');
    expect(toByteLevel('é')).toBe('Ã©');
    expect(Array.from(toByteLevel('😀')).map((char) => charToByte.get(char))).toEqual([
      0xf0, 0x9f, 0x98, 0x80,
    ]);
  });
});
