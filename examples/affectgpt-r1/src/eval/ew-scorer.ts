/**
 * Emotion-wheel precision, recall and F-score (the OV-MER metric), as fractions in `[0, 1]`.
 *
 * @category Evaluation
 */
export interface EwScores {
  /** F-score: `2PR/(P+R)` from the dataset-level P and R (0 when both are 0). */
  readonly f: number;
  /** Precision, averaged over the scored samples. */
  readonly p: number;
  /** Recall, averaged over the scored samples. */
  readonly r: number;
}

/**
 * One scored pair: ground-truth labels and predicted labels (open vocabulary).
 *
 * @category Evaluation
 */
export interface LabelPair {
  /** Ground-truth labels. */
  readonly truth: readonly string[];
  /** Predicted labels. */
  readonly prediction: readonly string[];
}

/**
 * What the example's evaluation needs from an emotion-wheel metric: the dataset-level
 * F/P/R and the per-sample F1. Implemented over `@r1kit/emotion-wheel` by `createWheelScorer`;
 * another metric (an LLM judge, a custom lexicon) can stand in.
 *
 * @category Evaluation
 */
export interface EwScorer {
  /** A short name for reports, e.g. `built-in wheels`. */
  readonly name: string;
  /** Dataset-level EW scores (samples whose truth maps to nothing are skipped). */
  score(pairs: readonly LabelPair[]): EwScores;
  /** Per-sample EW F1 in `[0, 1]`, or `null` when the truth maps to nothing. */
  sampleF1(pair: LabelPair): number | null;
}
