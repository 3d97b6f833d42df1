import { invalidArgument } from '@r1kit/core';

/**
 * Oniguruma's `\s` in Unicode mode: TAB..CR, NEL, and the Zs/Zl/Zp categories. JavaScript's
 * `\s` differs (it adds U+FEFF and lacks U+0085), so it is spelled out.
 */
const whitespaceSet =
  '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Writes a letter as a case-insensitive character class when inside `(?i:...)`. */
function caseless(char: string, inClass: boolean): string {
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (lower === upper || !/[a-z]/i.test(char)) return char;
  return inClass ? `${lower}${upper}` : `[${lower}${upper}]`;
}

/**
 * Translates the Oniguruma patterns found in `tokenizer.json` files (`Split` pre-tokenizers,
 * `Replace` normalizers) into an equivalent JavaScript `RegExp` with the `u` and `g` flags.
 * It handles scoped case-insensitive groups `(?i:...)` over ASCII letters and Oniguruma's
 * whitespace class; other syntax is passed through unchanged.
 *
 * @param pattern - The Oniguruma pattern.
 * @returns A global Unicode `RegExp`.
 */
export function compileOnigRegex(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  const caseStack: boolean[] = [];
  let caseInsensitive = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      index++;
      if (next === 's') out += inClass ? whitespaceSet : `[${whitespaceSet}]`;
      else if (next === 'S' && !inClass) out += `[^${whitespaceSet}]`;
      else if (next === 'p' || next === 'P' || next === 'x' || next === 'u') {
        const close = pattern[index + 1] === '{' ? pattern.indexOf('}', index) : index + 2;
        out += `\\${pattern.slice(index, close + 1)}`;
        index = close;
      } else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += caseInsensitive ? caseless(char, true) : char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      if (pattern[index + 1] === '^') {
        out += '^';
        index++;
      }
      continue;
    }
    if (char === '(') {
      caseStack.push(caseInsensitive);
      if (pattern.startsWith('(?i:', index)) {
        caseInsensitive = true;
        out += '(?:';
        index += 3;
        continue;
      }
      out += char;
      continue;
    }
    if (char === ')') {
      caseInsensitive = caseStack.pop() ?? false;
      out += char;
      continue;
    }
    out += caseInsensitive ? caseless(char, false) : char;
  }
  try {
    return new RegExp(out, 'gu');
  } catch (error) {
    throw invalidArgument({
      functionName: 'Tokenizer.fromJSON',
      argument: 'pattern',
      received: pattern,
      expected: 'a regular expression this package can translate to JavaScript',
      code: 'UNSUPPORTED',
      cause: error,
    });
  }
}
