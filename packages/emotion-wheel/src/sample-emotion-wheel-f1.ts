import { invalidArgument } from '@r1kit/core';
import { builtinWheelSet } from './builtin/builtin-wheel-set.js';
import type { EmotionWheelSet } from './emotion-wheel-set.js';
import { type LabelField, normalizeLabels } from './parse-label-list.js';
import { labelKeys, overlap, sampleClasses } from './sample-classes.js';

/**
 * Options for {@link sampleEmotionWheelF1}.
 *
 * @category Rewards
 */
export interface SampleEmotionWheelF1Options {
  /** The resources. @defaultValue `builtinWheelSet()` */
  readonly wheels?: EmotionWheelSet;
  /** Wheel level, 1 or 2. @defaultValue `1` */
  readonly level?: 1 | 2;
}

/**
 * Per-sample EW score used as a reward: in every wheel where the ground truth maps to at least
 * one class, the set F1 `2|G∩Q| / (|G| + |Q|)` of ground-truth classes G and predicted classes Q
 * (0 when Q is empty); then the mean over those wheels. Returns 0 when the ground truth maps to
 * nothing in every wheel (no signal, e.g. `neutral`). Unlike the dataset metric, this is a mean
 * of per-sample F1, as in the public AffectGPT-R1 re-implementations.
 *
 * @param truth - Ground-truth label field.
 * @param predicted - Predicted label field.
 * @param options - Resources and level.
 * @returns A score in [0, 1].
 *
 * @example
 * ```ts
 * import { sampleEmotionWheelF1 } from '@r1kit/emotion-wheel';
 * sampleEmotionWheelF1(
'[happy, angry]', '[joyful]'); // 2/3 in every built-in wheel
 * ```
 *
 * @category Rewards
 */
export function sampleEmotionWheelF1(
  truth: LabelField,
  predicted: LabelField,
  options: SampleEmotionWheelF1Options = {},
): number {
  const set = options.wheels ?? builtinWheelSet();
  const level = options.level ?? 1;
  if (level !== 1 && level !== 2) {
    throw invalidArgument({
      functionName: 'sampleEmotionWheelF1',
      argument: 'options.level',
      received: level,
      expected: '1 or 2',
    });
  }
  const truthKeys = labelKeys(set, normalizeLabels(truth));
  const predictedKeys = labelKeys(set, normalizeLabels(predicted));
  let sum = 0;
  let used = 0;
  for (let wheel = 0; wheel < set.trees.length; wheel++) {
    const truthClasses = sampleClasses(set, truthKeys, wheel, level, 'wheel');
    if (truthClasses.length === 0) continue;
    used++;
    const predictedClasses = sampleClasses(set, predictedKeys, wheel, level, 'wheel');
    if (predictedClasses.length === 0) continue;
    const common = overlap(truthClasses, predictedClasses);
    sum += (2 * common) / (truthClasses.length + predictedClasses.length);
  }
  return used === 0 ? 0 : sum / used;
}
