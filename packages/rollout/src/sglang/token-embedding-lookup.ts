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
 * import { createCausalLM } from '@r1kit/lm';
 * import { SglangRolloutEngine, tokenEmbeddingLookup } from '@r1kit/rollout';
 * const model = createCausalLM({
 *   config: {
 *     modelType: 'qwen2', vocabSize: 16, hiddenSize: 8, intermediateSize: 16, numHiddenLayers: 1,
 *     numAttentionHeads: 2, numKeyValueHeads: 1, maxPositionEmbeddings: 32, ropeTheta: 10000,
 *     rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true,
 *   },
 *   seed: 0,
 * });
 * const embedTokens = tokenEmbeddingLookup(model);
 * console.log(embedTokens([1, 5]).map((row) => row.length)); // [8, 8]
 * const engine = new SglangRolloutEngine({ baseUrl: 'http://127.0.0.1:30000', embedTokens });
 * model.dispose();
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
