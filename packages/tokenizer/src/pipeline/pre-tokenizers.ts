import type { ComponentJson } from '../json/tokenizer-json.js';
import { toByteLevel } from './byte-level-alphabet.js';
import { patternOf } from './normalizers.js';
import { compileOnigRegex } from './onig-regex.js';
import { type SplitBehavior, splitByPattern } from './split-by-pattern.js';
import { unsupportedComponent } from './unsupported.js';

/**
 * Splits the pieces of one text segment into smaller pieces; `index` is the piece's position
 * among the segments of the whole input (used by `Metaspace` with `prepend_scheme: "first"`).
 */
export type PreTokenizer = (piece: string, index: number) => string[];

/** The GPT-2 pattern used by `ByteLevel` with `use_regex: true`. */
export const gpt2Pattern =
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const supported = ['Split', 'ByteLevel', 'Digits', 'Metaspace', 'Sequence'];

/**
 * Builds the pre-tokenizer described by the `pre_tokenizer` section of a `tokenizer.json`.
 *
 * @param json - The section, or `null` for none.
 * @returns The pre-tokenizer, or `null` when the whole segment is one piece.
 */
export function buildPreTokenizer(json: ComponentJson | null): PreTokenizer | null {
  if (json === null) return null;
  switch (json.type) {
    case 'Split': {
      const regex = patternOf(json);
      const behavior = json.behavior as SplitBehavior;
      const invert = json.invert === true;
      return (piece) => splitByPattern(piece, regex, behavior, invert);
    }
    case 'ByteLevel': {
      const addPrefixSpace = json.add_prefix_space === true;
      const regex = json.use_regex === false ? null : compileOnigRegex(gpt2Pattern);
      return (piece) => {
        const text = addPrefixSpace && !piece.startsWith(' ') ? ` ${piece}` : piece;
        const parts = regex ? splitByPattern(text, regex, 'Isolated') : [text];
        return parts.map(toByteLevel);
      };
    }
    case 'Digits': {
      const regex = json.individual_digits === true ? /\p{N}/gu : /\p{N}+/gu;
      return (piece) => splitByPattern(piece, regex, 'Isolated');
    }
    case 'Metaspace': {
      const replacement = String(json.replacement ?? '▁');
      const scheme = String(json.prepend_scheme ?? 'always');
      const split = json.split !== false;
      const regex = new RegExp(replacement, 'gu');
      return (piece, index) => {
        let text = piece.replaceAll(' ', replacement);
        const prepend = scheme === 'always' || (scheme === 'first' && index === 0);
        if (prepend && !text.startsWith(replacement)) text = replacement + text;
        return split ? splitByPattern(text, regex, 'MergedWithNext') : [text];
      };
    }
    case 'Sequence': {
      const steps = (json.pretokenizers as ComponentJson[])
        .map((step) => buildPreTokenizer(step))
        .filter((step): step is PreTokenizer => step !== null);
      return (piece, index) => {
        let pieces = [piece];
        for (const step of steps) {
          const next: string[] = [];
          for (const current of pieces) for (const part of step(current, index)) next.push(part);
          pieces = next;
        }
        return pieces;
      };
    }
    default:
      throw unsupportedComponent('pre_tokenizer', json.type, supported);
  }
}
