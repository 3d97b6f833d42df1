import type { AddedTokenJson } from '../json/tokenizer-json.js';

/**
 * The `added_tokens` entries of a trained tokenizer: each special token, with its position as
 * id, matched whole (no stripping, no normalisation).
 *
 * @param specialTokens - The special tokens, in id order.
 * @returns One entry per special token.
 */
export function specialAddedTokens(specialTokens: readonly string[]): AddedTokenJson[] {
  return specialTokens.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
}
