import { invalidArgument } from '@r1kit/core';
import { AddedTokenMatcher } from '../pipeline/added-tokens.js';
import { toByteLevel } from '../pipeline/byte-level-alphabet.js';
import { compileOnigRegex } from '../pipeline/onig-regex.js';
import { gpt2Pattern } from '../pipeline/pre-tokenizers.js';
import { specialAddedTokens } from './special-added-tokens.js';

/**
 * Counts the byte-level pre-tokenized words of a corpus, the way the trained tokenizer will
 * split text: special tokens are cut out first, the rest is split by the GPT-2 pattern.
 *
 * @param texts - The corpus.
 * @param specialTokens - Tokens that are never part of a word.
 * @returns Word (byte-level spelling) to number of occurrences, in first-seen order.
 */
export function countWords(
  texts: Iterable<string>,
  specialTokens: readonly string[],
): Map<string, number> {
  const matcher = new AddedTokenMatcher(specialAddedTokens(specialTokens));
  const regex = compileOnigRegex(gpt2Pattern);
  const raw = new Map<string, number>();
  let index = 0;
  for (const text of texts) {
    if (typeof text !== 'string') {
      throw invalidArgument({
        functionName: 'trainBpe',
        argument: `texts[${index}]`,
        received: text,
        expected: 'a string',
      });
    }
    index++;
    for (const segment of matcher.split(text)) {
      if (segment.text === undefined) continue;
      regex.lastIndex = 0;
      for (let match = regex.exec(segment.text); match !== null; match = regex.exec(segment.text)) {
        const word = match[0];
        raw.set(word, (raw.get(word) ?? 0) + 1);
      }
    }
  }
  const counts = new Map<string, number>();
  for (const [word, count] of raw) {
    const mapped = toByteLevel(word);
    counts.set(mapped, (counts.get(mapped) ?? 0) + count);
  }
  return counts;
}
