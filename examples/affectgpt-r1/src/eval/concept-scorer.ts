import { emotionConcepts } from '../data/emotion-concepts.js';
import type { EwScorer, EwScores, LabelPair } from './ew-scorer.js';

/**
 * Per-sample precision and recall of two label sets after mapping each label to its cluster
 * (unknown labels dropped), as the official EW metric does for one wheel.
 *
 * @param pair - Truth and prediction.
 * @param toCluster - Maps a lower-cased label to its cluster, or `undefined` to drop it.
 * @returns P and R, or `null` when the truth maps to nothing (the sample is skipped).
 * @example
 * ```ts
 * clusterPrecisionRecall({ truth: ['a'], prediction: ['a', 'b'] }, (label) => label); // { p: 0.5, r: 1 }
 * ```
 * @category Evaluation
 */
export function clusterPrecisionRecall(
  pair: LabelPair,
  toCluster: (label: string) => string | undefined,
): { p: number; r: number } | null {
  const map = (labels: readonly string[]): Set<string> => {
    const clusters = new Set<string>();
    for (const label of labels) {
      const cluster = toCluster(label.trim().toLowerCase());
      if (cluster !== undefined) clusters.add(cluster);
    }
    return clusters;
  };
  const truth = map(pair.truth);
  if (truth.size === 0) return null;
  const prediction = map(pair.prediction);
  if (prediction.size === 0) return { p: 0, r: 0 };
  let hits = 0;
  for (const cluster of prediction) if (truth.has(cluster)) hits += 1;
  return { p: hits / prediction.size, r: hits / truth.size };
}

/**
 * The harmonic mean of precision and recall, 0 when both are 0.
 *
 * @param p - Precision.
 * @param r - Recall.
 * @returns `2PR / (P + R)`.
 * @example
 * ```ts
 * harmonicF(0.5, 1); // 2/3
 * ```
 * @category Evaluation
 */
export function harmonicF(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/**
 * The built-in one-wheel scorer: each label of {@link emotionConcepts} maps to its concept's core
 * name; everything else is dropped, as the official metric drops out-of-vocabulary words. It is
 * the fallback used where `@r1kit/emotion-wheel` is not wanted, and the reference the tests
 * compare against.
 *
 * @returns The scorer.
 * @example
 * ```ts
 * const scorer = createConceptScorer();
 * scorer.sampleF1({ truth: ['happy'], prediction: ['joyful', 'sad'] }); // 2/3
 * ```
 * @category Evaluation
 */
export function createConceptScorer(): EwScorer {
  const clusterOf = new Map<string, string>();
  for (const concept of emotionConcepts) {
    for (const label of concept.labels) clusterOf.set(label, concept.core);
  }
  const toCluster = (label: string) => clusterOf.get(label);
  return {
    name: 'concepts',
    sampleF1(pair: LabelPair): number | null {
      const scores = clusterPrecisionRecall(pair, toCluster);
      return scores === null ? null : harmonicF(scores.p, scores.r);
    },
    score(pairs: readonly LabelPair[]): EwScores {
      let p = 0;
      let r = 0;
      let count = 0;
      for (const pair of pairs) {
        const scores = clusterPrecisionRecall(pair, toCluster);
        if (scores === null) continue;
        p += scores.p;
        r += scores.r;
        count += 1;
      }
      if (count === 0) return { f: 0, p: 0, r: 0 };
      return { f: harmonicF(p / count, r / count), p: p / count, r: r / count };
    },
  };
}
