import { describe, expect, it } from 'vitest';
import { createConceptScorer } from './concept-scorer.js';

describe('createConceptScorer', () => {
  const scorer = createConceptScorer();

  it('folds synonyms and word forms into one cluster per emotion', () => {
    // truth {happy}, prediction {happy, sad}: P = 1/2, R = 1, F1 = 2/3.
    expect(
      scorer.sampleF1({ truth: ['happy', 'joyful'], prediction: ['Cheerful ', 'sad'] }),
    ).toBeCloseTo(2 / 3, 12);
    expect(scorer.sampleF1({ truth: ['anger'], prediction: ['mad', 'furious', 'irritated'] })).toBe(
      1,
    );
  });

  it('drops out-of-vocabulary words and skips samples whose truth maps to nothing', () => {
    expect(scorer.sampleF1({ truth: ['neutral'], prediction: ['happy'] })).toBeNull();
    expect(scorer.sampleF1({ truth: ['sad'], prediction: ['blorp', 'sadness'] })).toBe(1);
    expect(scorer.sampleF1({ truth: ['sad'], prediction: ['blorp'] })).toBe(0);
  });

  it('computes F from dataset-level P and R, not as a mean of per-sample F1', () => {
    const scores = scorer.score([
      { truth: ['happy'], prediction: ['happy', 'sad'] }, // P 0.5, R 1
      { truth: ['sad'], prediction: [] }, // P 0, R 0
      { truth: ['neutral'], prediction: ['sad'] }, // skipped
    ]);
    expect(scores.p).toBeCloseTo(0.25, 12);
    expect(scores.r).toBeCloseTo(0.5, 12);
    expect(scores.f).toBeCloseTo((2 * 0.25 * 0.5) / 0.75, 12);
    expect(scorer.score([])).toEqual({ f: 0, p: 0, r: 0 });
  });
});
