import { builtinWheelSet } from './builtin/builtin-wheel-set.js';
import { type EmotionWheelSet, labelKeyIndex } from './emotion-wheel-set.js';

/**
 * Options for {@link extractEmotionWords}.
 *
 * @category Extraction
 */
export interface ExtractEmotionWordsOptions {
  /** The resources whose form keys count as emotion words. @defaultValue `builtinWheelSet()` */
  readonly wheels?: EmotionWheelSet;
  /** Skip a word preceded (within two words) by a negation such as `not`, `no`, `never`, `without`. @defaultValue `true` */
  readonly skipNegated?: boolean;
  /** Longest phrase, in words, to look up (for keys such as `at a loss`). @defaultValue `3` */
  readonly maxPhraseWords?: number;
}

const negations = new Set(['not', 'no', 'never', 'without', 'nor', "n't", 'hardly', 'neither']);
const tokenPattern = /[a-z]+(?:[’'-][a-z]+)*|n't/g;

function splitTokens(text: string): string[] {
  const lower = text.toLowerCase().replace(/(\w)n[’']t\b/g, "$1 n't");
  return lower.match(tokenPattern) ?? [];
}

/**
 * Finds emotion words (and their forms) in free text without an LLM: the text is lower-cased and
 * split into words, and the longest phrase that is a form key of the resources (or that the
 * set's fallback resolves, e.g. an inflection in the built-in set) is taken at each position.
 * Deterministic; duplicates are removed, first occurrence order is kept.
 *
 * @param text - Free text, e.g. a `<think>` block or an untagged completion.
 * @param options - Resources, negation handling and phrase length.
 * @returns The emotion words as they appear in the text (lower-case).
 *
 * @example
 * ```ts
 * import { extractEmotionWords } from '@r1kit/emotion-wheel';
 * extractEmotionWords(
'She smiles, clearly happier now, though not angry.'); // ['happier']
 * ```
 *
 * @category Extraction
 */
export function extractEmotionWords(
  text: string,
  options: ExtractEmotionWordsOptions = {},
): string[] {
  const set = options.wheels ?? builtinWheelSet();
  const skipNegated = options.skipNegated ?? true;
  const maxWords = Math.max(1, Math.floor(options.maxPhraseWords ?? 3));
  const tokens = splitTokens(text);
  const found: string[] = [];
  let position = 0;
  while (position < tokens.length) {
    let matched = 0;
    for (let length = Math.min(maxWords, tokens.length - position); length >= 1; length--) {
      const phrase = tokens.slice(position, position + length).join(' ');
      const known = length === 1 ? labelKeyIndex(set, phrase) >= 0 : set.keyIndex.has(phrase);
      if (!known) continue;
      matched = length;
      const negated =
        skipNegated &&
        [tokens[position - 1], tokens[position - 2]].some(
          (token) => token !== undefined && negations.has(token),
        );
      if (!negated && !found.includes(phrase)) found.push(phrase);
      break;
    }
    position += Math.max(matched, 1);
  }
  return found;
}
