import type { SoftTokens } from '@r1kit/core';
import { assertMemoryFits, type CausalLM, type KVCache } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';
import { applyLogitsProcessors } from '../processors/apply-logits-processors.js';
import { argmaxRow } from './argmax-row.js';
import { forwardLast } from './forward-last.js';
import type { FinishReason, GenerateOptions, GenerateResult } from './generate-types.js';
import { resolveGenerateOptions } from './resolve-generate-options.js';
import { sampleCategorical } from './sample-categorical.js';
import { selectCacheRows } from './select-cache-rows.js';
import { StopMatcher } from './stop-matcher.js';

/**
 * Samples `numGenerations` completions for each prompt, batched over prompts x group with
 * the model's KV cache. Prompts are left-padded (positions come from the attention mask, so
 * padding does not shift them); each prompt is repeated `numGenerations` times in a row.
 * At every step the logits of the last position go through `logitsProcessors`, then
 * temperature, top-k, top-p and min-p, and one token per unfinished sequence is drawn from the
 * result with the seeded generator (one `nextFloat()` per sequence per step, in row order).
 * Finished sequences leave the batch (their cache rows are dropped), so the remaining ones run
 * faster.
 *
 * @param model - A causal LM (for example from `@r1kit/lm`).
 * @param prompts - Token ids of each prompt (without padding).
 * @param options - Sampling settings; see {@link GenerateOptions}.
 * @returns The completions grouped by prompt, with log-probabilities and finish reasons.
 *
 * @example
 * ```ts
 * import { createCausalLM } from '@r1kit/lm';
 * import { generate } from '@r1kit/sampling';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const { sequences } = await generate(model, [[1, 42, 7]], {
 *   maxCompletionLength: 8,
 *   numGenerations: 4,
 *   temperature: 0.9,
 *   topP: 0.95,
 *   seed: 0,
 * });
 * const [first] = sequences;
 * console.log(sequences.length, first!.tokenIds.length, first!.finishReason); // 4 8 'length'
 * ```
 *
 * @category Generation
 */
export async function generate(
  model: CausalLM,
  prompts: ReadonlyArray<ReadonlyArray<number>>,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const resolved = resolveGenerateOptions(model, prompts, options);
  const { numGenerations: group, padTokenId, maxCompletionLength, temperature } = resolved;
  const useCache = options.useCache ?? true;
  const vocabSize = model.config.vocabSize;
  const rowPrompt = Array.from({ length: prompts.length * group }, (_, r) => Math.floor(r / group));
  const promptIds = rowPrompt.map((p) => [...prompts[p]!]);
  const promptLength = Math.max(...promptIds.map((ids) => ids.length));
  const padding = (ids: number[], value: number) =>
    new Array(promptLength - ids.length).fill(value);
  const estimate = model.estimateMemory?.({
    mode: 'generate',
    batchSize: promptIds.length,
    sequenceLength: promptLength + maxCompletionLength,
  });
  if (estimate !== undefined) {
    assertMemoryFits({
      what: `generate: ${promptIds.length} sequences of up to ${promptLength + maxCompletionLength} tokens`,
      requiredBytes: estimate.activations + estimate.head + estimate.packedWeights,
      parts: {
        'KV cache and activations': estimate.activations,
        logits: estimate.head,
        'packed weights (wasm)': estimate.packedWeights,
      },
      advice:
        'generate fewer sequences at once (fewer prompts or a smaller numGenerations), lower maxCompletionLength, or use a backend with more memory',
    });
  }
  const tokens = promptIds.map((ids) => [...padding(ids, padTokenId), ...ids]);
  const mask = promptIds.map((ids) => [...padding(ids, 0), ...ids.map(() => 1)]);
  const completions = promptIds.map(() => [] as number[]);
  const logProbs = promptIds.map(() => [] as number[]);
  const samplingLogProbs = promptIds.map(() => [] as number[]);
  const finish: (FinishReason | undefined)[] = promptIds.map(() => undefined);
  const matcher = new StopMatcher({ ...resolved, tokenizer: options.tokenizer });
  const rows = promptIds.length;
  /** Rows still in the batch, in order; row `active[i]` is batch row `i` of the tensors. */
  let active = promptIds.map((_, r) => r);
  let softTokens: SoftTokens | undefined = options.softTokens && {
    placeholderTokenId: options.softTokens.placeholderTokenId,
    embeddings: tf.gather(options.softTokens.embeddings, rowPrompt),
  };
  let cache: KVCache | undefined;
  let logits: tf.Tensor2D | undefined;
  let scaled: tf.Tensor | undefined;
  const forward = () =>
    forwardLast(model, () => {
      const first = cache === undefined;
      const ids = active.map((r) => (useCache && !first ? tokens[r]!.slice(-1) : tokens[r]!));
      return {
        inputIds: tf.tensor2d(ids, undefined, 'int32'),
        attentionMask: tf.tensor2d(
          active.map((r) => mask[r]!),
          undefined,
          'int32',
        ),
        softTokens: useCache && !first ? undefined : softTokens,
        pastKeyValues: cache,
        useCache,
      };
    });
  try {
    ({ logits, cache } = forward());
    if (useCache && softTokens) {
      // The cache now holds the soft-token positions; later steps only feed new tokens.
      softTokens.embeddings.dispose();
      softTokens = undefined;
    }
    for (let step = 1; ; step += 1) {
      const context = {
        promptIds: active.map((r) => promptIds[r]!),
        completionIds: active.map((r) => completions[r]!),
      };
      let sampling: tf.Tensor;
      [sampling, scaled] = tf.tidy(() => {
        const processed = applyLogitsProcessors(logits!, resolved.processors, context);
        const scale = temperature > 0 ? temperature : 1;
        return [tf.logSoftmax(processed), tf.logSoftmax(tf.div(logits!, scale))];
      });
      logits.dispose();
      logits = undefined;
      const samplingData = (await sampling.data()) as Float32Array;
      sampling.dispose();
      const chosen = active.map((r, i) => {
        const row = samplingData.subarray(i * vocabSize, (i + 1) * vocabSize);
        const tokenId =
          temperature > 0 ? sampleCategorical(row, { rng: resolved.rng }) : argmaxRow(row, r, step);
        samplingLogProbs[r]!.push(temperature > 0 ? row[tokenId]! : 0);
        return tokenId;
      });
      const picked = tf.tidy(() =>
        tf.gatherND(
          scaled!,
          tf.tensor2d(
            chosen.map((id, i) => [i, id]),
            undefined,
            'int32',
          ),
        ),
      );
      scaled.dispose();
      scaled = undefined;
      const pickedData = await picked.data();
      picked.dispose();
      active.forEach((r, i) => {
        completions[r]!.push(chosen[i]!);
        tokens[r]!.push(chosen[i]!);
        mask[r]!.push(1);
        logProbs[r]!.push(pickedData[i]!);
        finish[r] = matcher.check(completions[r]!);
      });
      const finished = finish.filter((reason) => reason !== undefined).length;
      options.onProgress?.({ step, maxCompletionLength, finished, total: rows });
      if (finished === rows) break;
      const keep = active.flatMap((r, i) => (finish[r] ? [] : [i]));
      if (keep.length < active.length) {
        active = keep.map((i) => active[i]!);
        cache = replace(cache, (old) => selectCacheRows(old, keep));
        softTokens = softTokens && {
          placeholderTokenId: softTokens.placeholderTokenId,
          embeddings: replace(softTokens.embeddings, (old) => tf.gather(old, keep)),
        };
      }
      const past = cache;
      ({ logits, cache } = forward());
      past?.dispose();
    }
  } finally {
    tf.dispose([logits, scaled].filter((t) => t !== undefined));
    cache?.dispose();
    softTokens?.embeddings.dispose();
  }
  const sequences = completions.map((tokenIds, r) => {
    const finishReason = finish[r]!;
    const text = matcher.text(tokenIds, finishReason);
    return {
      promptIndex: rowPrompt[r]!,
      tokenIds,
      logProbs: Float32Array.from(logProbs[r]!),
      samplingLogProbs: Float32Array.from(samplingLogProbs[r]!),
      finishReason,
      ...(text === undefined ? {} : { text }),
    };
  });
  return { sequences, numGenerations: group };
}

/** Applies `select` to a disposable value and disposes the old one. */
function replace<T extends { dispose(): void } | undefined>(
  value: T,
  select: (old: NonNullable<T>) => NonNullable<T>,
): T {
  if (value === undefined) return value;
  const next = select(value as NonNullable<T>);
  value.dispose();
  return next;
}
