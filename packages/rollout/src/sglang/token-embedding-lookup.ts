import { R1kitError } from '@r1kit/core';
import type { TransformerCausalLM } from '@r1kit/lm';

/**
 * An `embedTokens` function for {@link SglangRolloutEngine} that reads rows of the model's
 * `model.embed_tokens.weight` (copied once: the embedding table is frozen under LoRA).
 *
 * @param model - The policy.
 * @returns `ids -> [length][hiddenSize]` embeddings.
 * @throws R1kitError `NOT_FOUND` when the model has no `model.embed_tokens.weight`.
 *
 * @example
 * ```ts
 * import { SglangRolloutEngine, tokenEmbeddingLookup } from '@r1kit/rollout';
 * const engine = new SglangRolloutEngine({ baseUrl, embedTokens: tokenEmbeddingLookup(model) });
 * ```
 *
 * @category SGLang
 */
export function tokenEmbeddingLookup(
  model: TransformerCausalLM,
): (ids: readonly number[]) => number[][] {
  const table = model.namedWeights().get('model.embed_tokens.weight');
  if (!table) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: 'tokenEmbeddingLookup: the model has no model.embed_tokens.weight',
    });
  }
  const hidden = model.config.hiddenSize;
  const values = table.dataSync();
  return (ids) => ids.map((id) => Array.from(values.subarray(id * hidden, (id + 1) * hidden)));
}
