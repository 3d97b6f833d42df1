/** How the matches of a `Split` pattern are kept, as named in `tokenizer.json`. */
export type SplitBehavior =
  | 'Removed'
  | 'Isolated'
  | 'MergedWithPrevious'
  | 'MergedWithNext'
  | 'Contiguous';

/** Splits `text` into alternating [start, end, isMatch] spans that cover it. */
function spans(text: string, regex: RegExp, invert: boolean): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  let previous = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (end === start) {
      regex.lastIndex++;
      continue;
    }
    if (start > previous) out.push([previous, start, invert]);
    out.push([start, end, !invert]);
    previous = end;
  }
  if (previous < text.length) out.push([previous, text.length, invert]);
  return out;
}

/**
 * Splits text by a pattern with one of the Hugging Face split behaviors.
 *
 * @param text - The text to split.
 * @param regex - A global regex.
 * @param behavior - What to do with the matches.
 * @param invert - Treat the gaps between matches as the matches.
 * @returns The non-empty pieces, in order.
 */
export function splitByPattern(
  text: string,
  regex: RegExp,
  behavior: SplitBehavior,
  invert = false,
): string[] {
  const parts = spans(text, regex, invert);
  const merged: Array<[number, number]> = [];
  let previousMatch = false;
  if (behavior === 'MergedWithNext') {
    for (let index = parts.length - 1; index >= 0; index--) {
      const [start, end, isMatch] = parts[index]!;
      const last = merged[merged.length - 1];
      if (isMatch && !previousMatch && last) last[0] = start;
      else merged.push([start, end]);
      previousMatch = isMatch;
    }
    merged.reverse();
  } else {
    for (const [start, end, isMatch] of parts) {
      const last = merged[merged.length - 1];
      if (behavior === 'Removed') {
        if (!isMatch) merged.push([start, end]);
      } else if (behavior === 'Isolated') merged.push([start, end]);
      else if (behavior === 'MergedWithPrevious' && isMatch && !previousMatch && last) {
        last[1] = end;
      } else if (behavior === 'Contiguous' && isMatch === previousMatch && last) last[1] = end;
      else merged.push([start, end]);
      previousMatch = isMatch;
    }
  }
  return merged.map(([start, end]) => text.slice(start, end));
}
