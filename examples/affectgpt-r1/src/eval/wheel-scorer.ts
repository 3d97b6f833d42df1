import { R1kitError } from '@r1kit/core';
import {
  type EmotionWheelSet,
  sampleEmotionWheelF1,
  scoreEmotionWheel,
} from '@r1kit/emotion-wheel';
import type { EwScorer, EwScores, LabelPair } from './ew-scorer.js';

/**
 * An {@link EwScorer} over `@r1kit/emotion-wheel`: level-1 EW F/P/R averaged over the wheels of
 * `wheels` (the built-in wheels, or the official files loaded with `loadOfficialWheels`), with
 * the MER2026 zero guards so an empty prediction set scores 0 instead of NaN.
 *
 * @param wheels - The emotion-wheel resources.
 * @param name - Name shown in reports.
 * @returns The scorer; its `score` throws `INVALID_ARGUMENT` when no sample has a ground truth
 *   that maps to a wheel class (zero scored samples).
 * @example
 * ```ts
 * import { builtinWheelSet } from '@r1kit/emotion-wheel';
 * const scorer = createWheelScorer(builtinWheelSet(), 'builtin wheels');
 * ```
 * @category Evaluation
 */
export function createWheelScorer(wheels: EmotionWheelSet, name: string): EwScorer {
  return {
    name,
    score(pairs: readonly LabelPair[]): EwScores {
      const score =
        pairs.length === 0
          ? undefined
          : scoreEmotionWheel(
              pairs.map((pair) => [...pair.truth]),
              pairs.map((pair) => [...pair.prediction]),
              { wheels, level: 1, variant: 'mer2026' },
            );
      if (!score || score.perWheel.every((wheel) => wheel.samples === 0)) {
        throw new R1kitError({
          code: 'INVALID_ARGUMENT',
          message: `EW scorer (${name}): none of the ${pairs.length} sample(s) has a ground truth that maps to a wheel class; zero scored samples is an error, not a score. Check the labels and the wheels (--ew-resources)`,
        });
      }
      return { f: score.f, p: score.precision, r: score.recall };
    },
    sampleF1(pair: LabelPair): number | null {
      return sampleEmotionWheelF1([...pair.truth], [...pair.prediction], { wheels, level: 1 });
    },
  };
}
