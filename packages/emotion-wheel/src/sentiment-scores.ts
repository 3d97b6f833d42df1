import { invalidArgument } from '@r1kit/core';

/**
 * Sentiment scores of MER-UniBench.
 *
 * @category Metrics
 */
export interface SentimentScores {
  /** Weighted F1 (sklearn `f1_score(average='weighted')`) of the binarised labels. */
  readonly weightedF1: number;
  /** Accuracy of the binarised labels. */
  readonly accuracy: number;
  /** Samples kept (non-zero ground-truth valence). */
  readonly samples: number;
}

function valenceOf(prediction: string | number): number {
  if (typeof prediction === 'number') return prediction;
  const text = prediction.trim().toLowerCase();
  return text === 'positive' ? 1 : text === 'negative' ? -1 : 0;
}

/**
 * The MER-UniBench sentiment scores (CMU-MOSI, CMU-MOSEI, SIMS, SIMS v2): predictions
 * `positive` / `negative` become +1 / -1 and anything else 0; samples with ground-truth valence
 * 0 are dropped; both sides are binarised with `> 0`; the result is the support-weighted F1 over
 * the two classes, and the accuracy.
 *
 * @param groundTruth - Ground-truth valences (any real number; only the sign matters).
 * @param predictions - Predicted sentiment words or valences, one per sample.
 * @returns Weighted F1, accuracy and the number of kept samples (NaN scores when none is kept).
 *
 * @example
 * ```ts
 * import { sentimentScores } from '@r1kit/emotion-wheel';
 * // the third sample (valence 0) is dropped; 'neutral' counts as not positive
 * sentimentScores([1.2, -0.4, 0], ['positive', 'neutral', 'negative']);
 * // { weightedF1: 1, accuracy: 1, samples: 2 }

 * ```
 *
 * @category Metrics
 */
export function sentimentScores(
  groundTruth: readonly number[],
  predictions: readonly (string | number)[],
): SentimentScores {
  if (groundTruth.length !== predictions.length) {
    throw invalidArgument({
      functionName: 'sentimentScores',
      argument: 'predictions',
      received: predictions,
      expected: `one prediction per ground-truth value (${groundTruth.length})`,
      code: 'SHAPE_MISMATCH',
    });
  }
  const bad = groundTruth.findIndex(
    (value) => typeof value !== 'number' || !Number.isFinite(value),
  );
  if (bad >= 0) {
    throw invalidArgument({
      functionName: 'sentimentScores',
      argument: `groundTruth[${bad}]`,
      received: groundTruth[bad],
      expected: 'a finite number',
    });
  }
  const truth: boolean[] = [];
  const predicted: boolean[] = [];
  groundTruth.forEach((value, index) => {
    if (value === 0) return;
    truth.push(value > 0);
    predicted.push(valenceOf(predictions[index]!) > 0);
  });
  const samples = truth.length;
  if (samples === 0) return { weightedF1: Number.NaN, accuracy: Number.NaN, samples };
  let correct = 0;
  let weighted = 0;
  for (const label of [false, true]) {
    let truePositive = 0;
    let support = 0;
    let predictedCount = 0;
    for (let index = 0; index < samples; index++) {
      if (truth[index] === label) support++;
      if (predicted[index] === label) predictedCount++;
      if (truth[index] === label && predicted[index] === label) truePositive++;
    }
    correct += truePositive;
    const f1 = support + predictedCount === 0 ? 0 : (2 * truePositive) / (support + predictedCount);
    weighted += f1 * support;
  }
  return { weightedF1: weighted / samples, accuracy: correct / samples, samples };
}
