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
 * @returns The scorer.
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
      if (pairs.length === 0) return { f: 0, p: 0, r: 0 };
      const score = scoreEmotionWheel(
        pairs.map((pair) => [...pair.truth]),
        pairs.map((pair) => [...pair.prediction]),
        { wheels, level: 1, variant: 'mer2026' },
      );
      return { f: score.f, p: score.precision, r: score.recall };
    },
    sampleF1(pair: LabelPair): number | null {
      return sampleEmotionWheelF1([...pair.truth], [...pair.prediction], { wheels, level: 1 });
    },
  };
}
