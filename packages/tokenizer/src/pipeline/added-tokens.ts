import type { AddedTokenJson } from '../json/tokenizer-json.js';

/** A segment of the input: either plain text to tokenize, or an added token's id. */
export type Segment = { text: string; id?: undefined } | { text?: undefined; id: number };

/** Unicode White_Space, the set Rust's `char::is_whitespace` uses for lstrip/rstrip. */
const whitespace = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const wordChar = /[\p{L}\p{N}_]/u;

/**
 * Finds added tokens in text (leftmost, longest first) and splits the text around them,
 * honouring the `lstrip`, `rstrip` and `single_word` flags.
 */
export class AddedTokenMatcher {
  private readonly regex: RegExp | null;
  private readonly byContent: Map<string, AddedTokenJson>;

  /** Builds a matcher over `tokens` (all with the same `normalized` flag). */
  constructor(tokens: readonly AddedTokenJson[]) {
    this.byContent = new Map(tokens.map((token) => [token.content, token]));
    const contents = [...this.byContent.keys()]
      .filter((content) => content.length > 0)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const escaped = contents.map((content) => content.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.regex = escaped.length > 0 ? new RegExp(escaped.join('|'), 'gu') : null;
  }

  /**
   * Splits `text` into plain-text segments and added-token segments.
   *
   * @param text - Text that contains no added tokens matched earlier.
   * @returns The segments in order; empty text segments are dropped.
   */
  split(text: string): Segment[] {
    const regex = this.regex;
    if (regex === null) return text.length > 0 ? [{ text }] : [];
    const out: Segment[] = [];
    let previous = 0;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      const token = this.byContent.get(match[0])!;
      let start = match.index;
      let end = start + match[0].length;
      if (token.single_word) {
        const before = text.slice(Math.max(0, start - 2), start);
        const after = text.slice(end, end + 2);
        const beforeChar = Array.from(before).pop() ?? '';
        const afterChar = Array.from(after)[0] ?? '';
        if (wordChar.test(beforeChar) || wordChar.test(afterChar)) {
          regex.lastIndex = start + 1;
          continue;
        }
      }
      if (token.lstrip) while (start > previous && whitespace.test(text[start - 1]!)) start--;
      if (token.rstrip) while (end < text.length && whitespace.test(text[end]!)) end++;
      if (start > previous) out.push({ text: text.slice(previous, start) });
      out.push({ id: token.id });
      previous = end;
      regex.lastIndex = end;
    }
    if (previous < text.length) out.push({ text: text.slice(previous) });
    return out;
  }
}
