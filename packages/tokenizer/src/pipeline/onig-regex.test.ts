import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/errors.js';
import { compileOnigRegex } from './onig-regex.js';

const matches = (pattern: string, text: string) => text.match(compileOnigRegex(pattern)) ?? [];

describe('compileOnigRegex', () => {
  it('translates scoped case-insensitive groups without widening the rest', () => {
    expect(matches("(?i:'s|'ll)x", "'Sx 'LLx 'sX 'llx")).toEqual(["'Sx", "'LLx", "'llx"]);
    expect(matches('(?i:[a-c])d', 'Ad bd Cd aD')).toEqual(['Ad', 'bd', 'Cd']);
  });

  it("uses Oniguruma's whitespace: NEL is whitespace, BOM and zero-width space are not", () => {
    expect(matches('\\s+', 'a\u0085b\ufeffc\u200bd\u3000e')).toEqual(['\u0085', '\u3000']);
    expect(matches('\\S+', 'a\u0085b\ufeff')).toEqual(['a', 'b\ufeff']);
    expect(matches('[^\\s\\p{L}]+', '1\u0085,\ufeff')).toEqual(['1', ',\ufeff']);
  });

  it('reports a pattern JavaScript cannot compile as UNSUPPORTED', () => {
    const error = errorOf(() => compileOnigRegex('(?<=a+)b(?'));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('Tokenizer.fromJSON: pattern must be a regular expression');
  });
});
