import { invalidArgument } from '@r1kit/core';
import { builtinWheelSet } from './builtin/builtin-wheel-set.js';
import type { EmotionWheelSet, EmotionWheelVariant } from './emotion-wheel-set.js';
import { encodeFields, sampleKeys } from './encoded-samples.js';
import { alignLabelDatasets, type LabelDataset } from './label-dataset.js';
import { overlap, sampleClasses } from './sample-classes.js';

/**
 * Options for {@link hitRate}.
 *
 * @category Metrics
 */
export interface HitRateOptions {
  /** The resources. @defaultValue `builtinWheelSet()` */
  readonly wheels?: EmotionWheelSet;
  /** What an empty average gives: NaN (`affectgpt`) or 0 (`mer2026`). @defaultValue the set's variant */
  readonly variant?: EmotionWheelVariant;
}

/**
 * Hit rate of one wheel.
 *
 * @category Metrics
 */
export interface WheelHitRate {
  /** The wheel's name. */
  readonly wheel: string;
  /** Mean over kept samples of `|pred ∩ gt|` (0 or 1 for a single-label ground truth). */
  readonly hitRate: number;
  /** Mean of `|pred ∩ gt| / |pred ∩ all ground-truth classes|` (0 when that is empty). */
  readonly mscore: number;
  /** Samples whose ground truth maps to a class in this wheel. */
  readonly samples: number;
}

/**
 * Hit-rate result: means over the wheels, and each wheel.
 *
 * @category Metrics
 */
export interface HitRateScore {
  /** Mean over wheels of the hit rate (the reported MER-UniBench number). */
  readonly hitRate: number;
  /** Mean over wheels of the m-score. */
  readonly mscore: number;
  /** Per-wheel results. */
  readonly perWheel: readonly WheelHitRate[];
}

/**
 * The MER-UniBench hit rate for single-label datasets (MER2023, MER2024, MELD, IEMOCAP),
 * official `calculate_openset_onehot_hitrate`: in each wheel at level 1, a sample whose
 * ground-truth word maps to nothing is skipped; otherwise hit = `|pred ∩ gt|`, and the m-score
 * divides it by the predicted classes that are ground-truth classes anywhere in the dataset.
 *
 * @param groundTruth - One emotion word per sample (e.g. `happy`), by position or by name.
 * @param predictions - Predicted label fields of the same shape.
 * @param options - Resources and variant.
 * @returns Mean and per-wheel hit rate and m-score.
 *
 * @example
 * ```ts
 * import { hitRate } from '@r1kit/emotion-wheel';
 * hitRate(['happy', 'sad'], ['[joyful]', '[angry]']).hitRate; // 0.5
 * ```
 *
 * @category Metrics
 */
export function hitRate(
  groundTruth: LabelDataset,
  predictions: LabelDataset,
  options: HitRateOptions = {},
): HitRateScore {
  const set = options.wheels ?? builtinWheelSet();
  const variant = options.variant ?? set.variant;
  if (variant !== 'affectgpt' && variant !== 'mer2026') {
    throw invalidArgument({
      functionName: 'hitRate',
      argument: 'options.variant',
      received: variant,
      expected: "'affectgpt' or 'mer2026'",
    });
  }
  const { truth, predicted } = alignLabelDatasets('hitRate', groundTruth, predictions);
  const encodedTruth = encodeFields(set, truth);
  const encodedPredicted = encodeFields(set, predicted);
  const perWheel = set.trees.map((tree, wheel): WheelHitRate => {
    const truthClasses = truth.map((_, sample) =>
      sampleClasses(set, sampleKeys(encodedTruth, sample), wheel, 1, 'wheel'),
    );
    const allTruth = [...new Set(truthClasses.flat())];
    let hits = 0;
    let mscores = 0;
    let samples = 0;
    truthClasses.forEach((classes, sample) => {
      if (classes.length === 0) return;
      samples++;
      const predictedClasses = sampleClasses(
        set,
        sampleKeys(encodedPredicted, sample),
        wheel,
        1,
        'wheel',
      );
      const hit = overlap(predictedClasses, classes);
      const denominator = overlap(predictedClasses, allTruth);
      hits += hit;
      mscores += denominator === 0 ? 0 : hit / denominator;
    });
    const empty = variant === 'affectgpt' ? Number.NaN : 0;
    return {
      wheel: tree.name,
      hitRate: samples === 0 ? empty : hits / samples,
      mscore: samples === 0 ? empty : mscores / samples,
      samples,
    };
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    hitRate: mean(perWheel.map((wheel) => wheel.hitRate)),
    mscore: mean(perWheel.map((wheel) => wheel.mscore)),
    perWheel,
  };
}
