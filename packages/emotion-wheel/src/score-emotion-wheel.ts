import { invalidArgument } from '@r1kit/core';
import { builtinWheelSet } from './builtin/builtin-wheel-set.js';
import type { EmotionWheelSet, EmotionWheelVariant } from './emotion-wheel-set.js';
import { type EncodedSamples, encodeFields, sampleKeys, wheelSums } from './encoded-samples.js';
import { alignLabelDatasets, type LabelDataset } from './label-dataset.js';
import type { MappingMode } from './map-label.js';
import { overlap, sampleClasses } from './sample-classes.js';

/**
 * Options for {@link scoreEmotionWheel}.
 *
 * @category Metrics
 */
export interface ScoreEmotionWheelOptions {
  /** The resources (official files or built-in wheels). @defaultValue `builtinWheelSet()` */
  readonly wheels?: EmotionWheelSet;
  /** Wheel level: 1 (core, the reported number) or 2 (middle ring). @defaultValue `1` */
  readonly level?: 1 | 2;
  /** NaN semantics (`affectgpt`) or zero guards (`mer2026`). @defaultValue the set's variant */
  readonly variant?: EmotionWheelVariant;
  /** `wheel` (EW proper), or the coarse OV-MER `form` (M1) / `synonym` (M2) modes, which use no wheel. @defaultValue `'wheel'` */
  readonly mode?: MappingMode;
}

/**
 * The scores of one wheel.
 *
 * @category Metrics
 */
export interface WheelScore {
  /** The wheel's name (`M1` / `M2` in the coarse modes). */
  readonly wheel: string;
  /** F from the sample-averaged precision and recall. */
  readonly f: number;
  /** Mean per-sample precision. */
  readonly precision: number;
  /** Mean per-sample recall. */
  readonly recall: number;
  /** Samples kept (ground truth maps to at least one class in this wheel). */
  readonly samples: number;
}

/**
 * The EW scores of a dataset: the mean over wheels of F, precision and recall, plus each wheel.
 *
 * @category Metrics
 */
export interface EmotionWheelScore {
  /** Mean over wheels of the per-wheel F (the reported EW F-score). */
  readonly f: number;
  /** Mean over wheels of the per-wheel precision. */
  readonly precision: number;
  /** Mean over wheels of the per-wheel recall. */
  readonly recall: number;
  /** Per-wheel scores, in wheel order. */
  readonly perWheel: readonly WheelScore[];
}

/**
 * Scores open-vocabulary predictions against ground truth with the emotion-wheel metric of
 * OV-MER / AffectGPT (`wheel_metric_calculation`). Per wheel: labels are mapped to classes, a
 * sample whose ground truth maps to nothing is skipped, an empty prediction counts P = R = 0,
 * P and R are averaged over samples and F = 2PR / (P + R). With `variant: 'affectgpt'` a wheel
 * with P + R = 0 or no usable sample gives NaN (as upstream); `mer2026` gives 0 instead.
 *
 * @param groundTruth - Label fields (`"[happy, sad]"` or lists), by position or by name.
 * @param predictions - Label fields of the same shape; records need every ground-truth name.
 * @param options - Resources, level, variant and mode.
 * @returns Mean and per-wheel F, precision and recall.
 *
 * @example
 * ```ts
 * import { scoreEmotionWheel } from '@r1kit/emotion-wheel';
 * const score = scoreEmotionWheel(['[happy, angry]'], ['[glad]']);
 * console.log(score.f, score.perWheel.map((wheel) => wheel.recall));
 * ```
 *
 * @category Metrics
 */
export function scoreEmotionWheel(
  groundTruth: LabelDataset,
  predictions: LabelDataset,
  options: ScoreEmotionWheelOptions = {},
): EmotionWheelScore {
  const set = options.wheels ?? builtinWheelSet();
  const level = options.level ?? 1;
  const variant = options.variant ?? set.variant;
  const mode = options.mode ?? 'wheel';
  if (level !== 1 && level !== 2) {
    throw invalidArgument({
      functionName: 'scoreEmotionWheel',
      argument: 'options.level',
      received: level,
      expected: '1 or 2',
    });
  }
  if (variant !== 'affectgpt' && variant !== 'mer2026') {
    throw invalidArgument({
      functionName: 'scoreEmotionWheel',
      argument: 'options.variant',
      received: variant,
      expected: "'affectgpt' or 'mer2026'",
    });
  }
  if (mode !== 'wheel' && mode !== 'form' && mode !== 'synonym') {
    throw invalidArgument({
      functionName: 'scoreEmotionWheel',
      argument: 'options.mode',
      received: mode,
      expected: "'wheel', 'form' or 'synonym'",
    });
  }
  const { truth, predicted } = alignLabelDatasets('scoreEmotionWheel', groundTruth, predictions);
  const wheelCount = mode === 'wheel' ? set.trees.length : 1;
  const encodedTruth = encodeFields(set, truth);
  const encodedPredicted = encodeFields(set, predicted);
  const perWheel: WheelScore[] = [];
  for (let wheel = 0; wheel < wheelCount; wheel++) {
    const { precisionSum, recallSum, samples } =
      mode === 'wheel'
        ? wheelSums(set, encodedTruth, encodedPredicted, wheel, level)
        : coarseSums(set, encodedTruth, encodedPredicted, mode);
    const emptyValue = variant === 'affectgpt' ? Number.NaN : 0;
    const precision = samples === 0 ? emptyValue : precisionSum / samples;
    const recall = samples === 0 ? emptyValue : recallSum / samples;
    const denominator = precision + recall;
    const f =
      denominator === 0 && variant === 'mer2026' ? 0 : (2 * precision * recall) / denominator;
    const name = mode === 'wheel' ? set.trees[wheel]!.name : mode === 'form' ? 'M1' : 'M2';
    perWheel.push({ wheel: name, f, precision, recall, samples });
  }
  return {
    f: mean(perWheel.map((score) => score.f)),
    precision: mean(perWheel.map((score) => score.precision)),
    recall: mean(perWheel.map((score) => score.recall)),
    perWheel,
  };
}

/** Sums of the dataset metric in the coarse `form` / `synonym` modes (one pseudo-wheel). */
function coarseSums(
  set: EmotionWheelSet,
  truth: EncodedSamples,
  predicted: EncodedSamples,
  mode: MappingMode,
): { precisionSum: number; recallSum: number; samples: number } {
  let precisionSum = 0;
  let recallSum = 0;
  let samples = 0;
  for (let sample = 0; sample < truth.offsets.length - 1; sample++) {
    const truthClasses = sampleClasses(set, sampleKeys(truth, sample), 0, 1, mode);
    if (truthClasses.length === 0) continue;
    samples++;
    const predictedClasses = sampleClasses(set, sampleKeys(predicted, sample), 0, 1, mode);
    if (predictedClasses.length === 0) continue;
    const common = overlap(truthClasses, predictedClasses);
    precisionSum += common / predictedClasses.length;
    recallSum += common / truthClasses.length;
  }
  return { precisionSum, recallSum, samples };
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
