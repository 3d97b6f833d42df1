import { R1kitError } from '@r1kit/core';
import type { Tokenizer } from '../tokenizer.js';

/**
 * Placeholder tokens {@link placeholderToken} tries, in order, when no token is requested: the
 * padding tokens that multimodal vocabularies (Qwen2 / Qwen2.5 / Qwen3) reserve for image, video
 * and audio features, Llama 3's first reserved special token, then Gemma 3's image soft token.
 *
 * @category Chat
 */
export const placeholderTokenCandidates: readonly string[] = [
  '<|video_pad|>',
  '<|image_pad|>',
  '<|audio_pad|>',
  '<|vision_pad|>',
  '<|reserved_special_token_0|>',
  '<image_soft_token>',
];

/**
 * Options of {@link placeholderToken}.
 *
 * @category Chat
 */
export interface PlaceholderTokenOptions {
  /**
   * The token to use; it must encode to its own single id.
   *
   * @defaultValue none: the first of `candidates` that does
   */
  token?: string;
  /**
   * Tokens tried in order when `token` is not given.
   *
   * @defaultValue {@link placeholderTokenCandidates}
   */
  candidates?: readonly string[];
}

/**
 * A placeholder token and its id.
 *
 * @category Chat
 */
export interface PlaceholderToken {
  /** The token text, e.g. `<|video_pad|>`. */
  text: string;
  /** Its id. */
  id: number;
}

/** The token's id when it is in the vocabulary and encodes to exactly that one id. */
function singleId(tokenizer: Tokenizer, token: string): number | undefined {
  const id = tokenizer.tokenToId(token);
  const ids = tokenizer.encode(token, { addSpecialTokens: false });
  return id !== undefined && ids.length === 1 && ids[0] === id ? id : undefined;
}

/**
 * Picks a placeholder token of the vocabulary: a token that the prompt text marks positions
 * with (for example where soft tokens replace the embeddings), so it must be one special or
 * added token that encodes to a single id. Returns `options.token` when it qualifies, else the
 * first of `options.candidates` that does.
 *
 * @param tokenizer - The model's tokenizer.
 * @param options - See {@link PlaceholderTokenOptions}.
 * @returns The token text and id.
 * @throws R1kitError `INVALID_ARGUMENT` naming `options.token` when it does not encode to one
 *   id of its own; `NOT_FOUND` naming `options.candidates` when the vocabulary has none of them.
 *
 * @example
 * ```ts
 * import { placeholderToken, trainBpe } from '@r1kit/tokenizer';
 * const tokenizer = trainBpe(['hello world'], {
 *   vocabSize: 270,
 *   specialTokens: ['<|endoftext|>', '<|video_pad|>'],
 * });
 * placeholderToken(tokenizer); // { text: '<|video_pad|>', id: 1 }
 * placeholderToken(tokenizer, { token: '<|endoftext|>' }); // { text: '<|endoftext|>', id: 0 }
 * ```
 *
 * @category Chat
 */
export function placeholderToken(
  tokenizer: Tokenizer,
  options: PlaceholderTokenOptions = {},
): PlaceholderToken {
  if (options.token !== undefined) {
    const id = singleId(tokenizer, options.token);
    if (id === undefined) {
      throw new R1kitError({
        code: 'INVALID_ARGUMENT',
        message: `placeholderToken: options.token must be a special or added token of the vocabulary that encodes to one id; received ${JSON.stringify(options.token)}. Pick one from the added_tokens of tokenizer.json.`,
      });
    }
    return { text: options.token, id };
  }
  const candidates = options.candidates ?? placeholderTokenCandidates;
  for (const text of candidates) {
    const id = singleId(tokenizer, text);
    if (id !== undefined) return { text, id };
  }
  throw new R1kitError({
    code: 'NOT_FOUND',
    message: `placeholderToken: the vocabulary has none of options.candidates (${candidates.join(', ')}) as a single-id token; pass options.token with a special or added token of tokenizer.json that the prompts never use.`,
  });
}
