import { extractAnswer, normalizeLabels } from '@r1kit/emotion-wheel';
import { generate } from '@r1kit/sampling';
import * as tf from '@tensorflow/tfjs-core';
import type { MerSample } from '../data/mer-sample.js';
import type { EwScorer } from '../eval/ew-scorer.js';
import type { EvaluationRow } from '../report/write-report.js';
import type { Policy } from './build-policy.js';
import { promptIds } from './sft-examples.js';

/**
 * Options of {@link evaluatePolicy}.
 *
 * @category Pipeline
 */
export interface EvaluatePolicyOptions {
  /** Row name in the report, e.g. `after SFT`. */
  stage: string;
  /** The EW metric. */
  scorer: EwScorer;
  /** Largest completion length in tokens. */
  maxNewTokens: number;
  /** Sampling temperature (AffectGPT decodes with 1). @defaultValue 1 */
  temperature?: number;
  /** Nucleus mass (AffectGPT decodes with 0.9). @defaultValue 0.9 */
  topP?: number;
  /** Seed of the sampler; equal seeds give equal decodings of equal models. @defaultValue 0 */
  seed?: number;
  /** Prompts per generate call. @defaultValue 32 */
  batchSize?: number;
}

/**
 * Decodes one completion per test sample with the same sampler settings for every stage, parses
 * the `<answer>` labels and scores them with the EW metric.
 *
 * @param policy - The model to evaluate.
 * @param samples - Test samples.
 * @param options - See {@link EvaluatePolicyOptions}.
 * @returns The report row and the completions.
 * @example
 * ```ts
 * const { row } = await evaluatePolicy(policy, splits.test, { stage: 'after SFT', scorer, maxNewTokens: 32 });
 * ```
 * @category Pipeline
 */
export async function evaluatePolicy(
  policy: Policy,
  samples: readonly MerSample[],
  options: EvaluatePolicyOptions,
): Promise<{ row: EvaluationRow; completions: string[] }> {
  const batchSize = options.batchSize ?? 32;
  const completions: string[] = [];
  for (let start = 0; start < samples.length; start += batchSize) {
    const batch = samples.slice(start, start + batchSize);
    const soft = policy.softTokens(batch);
    try {
      const result = await generate(
        policy.model,
        batch.map((sample) => promptIds(policy, sample)),
        {
          maxNewTokens: options.maxNewTokens,
          temperature: options.temperature ?? 1,
          topP: options.topP ?? 0.9,
          seed: (options.seed ?? 0) + start,
          eosTokenId: policy.endTokenId,
          padTokenId: policy.endTokenId,
          tokenizer: { decode: (ids) => policy.tokenizer.decode(ids) },
          softTokens: soft,
        },
      );
      completions.push(...result.sequences.map((sequence) => sequence.text ?? ''));
    } finally {
      tf.dispose(soft.embeddings);
    }
  }
  const predictions = completions.map((text) => {
    const answer = extractAnswer(text);
    return answer === undefined ? [] : normalizeLabels(answer);
  });
  const formatted = completions.filter((text) => extractAnswer(text) !== undefined).length;
  const scores = options.scorer.score(
    samples.map((sample, index) => ({
      truth: sample.labels,
      prediction: predictions[index] ?? [],
    })),
  );
  return {
    row: {
      stage: options.stage,
      scores,
      formatRate: formatted / Math.max(1, samples.length),
      meanLabels:
        predictions.reduce((sum, labels) => sum + labels.length, 0) / Math.max(1, samples.length),
    },
    completions,
  };
}
