import { R1kitError } from '@r1kit/core';
import type { MerSample } from '@r1kit/datasets';
import {
  type EmotionWheelScore,
  type EmotionWheelSet,
  extractAnswer,
  type LabelField,
  normalizeLabels,
  scoreEmotionWheel,
} from '@r1kit/emotion-wheel';
import { generate } from '@r1kit/sampling';
import * as tf from '@tensorflow/tfjs-core';
import type { Policy } from './build-policy.js';
import { promptIds } from './sft-examples.js';

/**
 * One row of the before/after table of the report.
 *
 * @category Pipeline
 */
export interface EvaluationRow {
  /** Which model, e.g. `after SFT`. */
  readonly stage: string;
  /** Level-1 EW scores on the test split (`@r1kit/emotion-wheel`'s `scoreEmotionWheel`). */
  readonly scores: EmotionWheelScore;
  /** Fraction of completions with a well-formed answer. */
  readonly formatRate: number;
  /** Mean number of predicted labels per answer. */
  readonly meanLabels: number;
}

/**
 * Level-1 EW F, precision and recall of label lists, averaged over the wheels, with the MER2026
 * zero guards (an empty prediction scores 0, not NaN).
 *
 * @param truth - Ground-truth label lists.
 * @param predictions - Predicted label lists, aligned with `truth`.
 * @param options - `wheels`: the emotion wheels (built-in, or the official files).
 * @returns The scores.
 * @throws R1kitError `INVALID_ARGUMENT` when no ground truth maps to a wheel class: zero scored
 *   samples is an error, not a score.
 * @example
 * ```ts
 * const scores = scoreLabelLists([['happy']], [['joyful']], { wheels: builtinWheelSet() });
 * ```
 * @category Pipeline
 */
export function scoreLabelLists(
  truth: readonly LabelField[],
  predictions: readonly LabelField[],
  options: { readonly wheels: EmotionWheelSet },
): EmotionWheelScore {
  const score =
    truth.length === 0
      ? undefined
      : scoreEmotionWheel(truth, predictions, {
          wheels: options.wheels,
          level: 1,
          variant: 'mer2026',
        });
  if (!score || score.perWheel.every((wheel) => wheel.samples === 0)) {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `scoreLabelLists: none of the ${truth.length} sample(s) has a ground truth that maps to a wheel class; zero scored samples is an error, not a score. Check the labels and the wheels (--ew-resources)`,
    });
  }
  return score;
}

/**
 * Options of {@link evaluatePolicy}.
 *
 * @category Pipeline
 */
export interface EvaluatePolicyOptions {
  /** Row name in the report, e.g. `after SFT`. */
  stage: string;
  /** The emotion wheels of the EW metric. */
  wheels: EmotionWheelSet;
  /** Largest completion length in tokens. */
  maxCompletionLength: number;
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
 * const { row } = await evaluatePolicy(policy, splits.test, { stage: 'after SFT', wheels, maxCompletionLength: 32 });
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
          maxCompletionLength: options.maxCompletionLength,
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
  const scores = scoreLabelLists(
    samples.map((sample) => sample.labels),
    samples.map((_, index) => predictions[index] ?? []),
    { wheels: options.wheels },
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
