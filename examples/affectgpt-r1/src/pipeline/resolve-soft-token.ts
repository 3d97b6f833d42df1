import { R1kitError } from '@r1kit/core';
import type { Tokenizer } from '@r1kit/tokenizer';

/**
 * Placeholder tokens tried, in order, when `--soft-token` is not given: the padding tokens that
 * multimodal vocabularies (Qwen2 / Qwen2.5 / Qwen3) reserve for image, video and audio features,
 * then Llama 3's first reserved special token.
 *
 * @category Pipeline
 */
export const softTokenCandidates: readonly string[] = [
  '<|video_pad|>',
  '<|image_pad|>',
  '<|audio_pad|>',
  '<|vision_pad|>',
  '<|reserved_special_token_0|>',
  '<image_soft_token>',
];

/**
 * Picks the soft-token placeholder: the requested token, or the first candidate present. It must
 * be one added token (encoded as a single id), or the soft tokens could not replace it.
 *
 * @param tokenizer - The pretrained tokenizer.
 * @param requested - The `--soft-token` value, if any.
 * @returns The token text and id.
 * @throws R1kitError `INVALID_CONFIG` naming `--soft-token` when no usable token exists.
 * @example
 * ```ts
 * resolveSoftToken(tokenizer, undefined); // { token: '<|video_pad|>', id: 151656 }
 * ```
 * @category Pipeline
 */
export function resolveSoftToken(
  tokenizer: Tokenizer,
  requested: string | undefined,
): { token: string; id: number } {
  const single = (token: string) => {
    const id = tokenizer.tokenToId(token);
    const ids = tokenizer.encode(token, { addSpecialTokens: false });
    return id !== undefined && ids.length === 1 && ids[0] === id ? id : undefined;
  };
  if (requested !== undefined) {
    const id = single(requested);
    if (id === undefined) {
      throw new R1kitError({
        code: 'INVALID_CONFIG',
        message: `--soft-token must be a special or added token of the model's vocabulary that encodes to one id; received ${JSON.stringify(requested)}. Pick one from the added_tokens of tokenizer.json.`,
      });
    }
    return { token: requested, id };
  }
  for (const token of softTokenCandidates) {
    const id = single(token);
    if (id !== undefined) return { token, id };
  }
  throw new R1kitError({
    code: 'INVALID_CONFIG',
    message: `this vocabulary has none of ${softTokenCandidates.join(', ')}; pass --soft-token TOKEN with a special or added token of tokenizer.json that the prompts never use (it marks the three soft-token positions).`,
  });
}
