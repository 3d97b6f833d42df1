import { describe, expect, it } from 'vitest';
import { toyWheelSet } from '../test/toy-wheel-set.js';
import { hitRate } from './hit-rate.js';
import { sentimentScores } from './sentiment-scores.js';

describe('hitRate', () => {
  it('matches a hand computation on the toy wheels', () => {
    // Wheel a: s1 G={pos} Q={pos,neg}: hit 1, m 1/2; s2 G={neg} Q={neg}: hit 1, m 1; s3 skipped.
    // Wheel b: s1 G={good} Q={} (glad, rage not in b): hit 0, m 0; s2, s3 skipped.
    const score = hitRate(['happy', 'fear', 'neutral'], ['[gladness, rage]', '[afraid]', '[joy]'], {
      wheels: toyWheelSet(),
    });
    expect(score.perWheel).toEqual([
      { wheel: 'a', hitRate: 1, mscore: 0.75, samples: 2 },
      { wheel: 'b', hitRate: 0, mscore: 0, samples: 1 },
    ]);
    expect(score.hitRate).toBe(0.5);
    expect(score.mscore).toBe(0.375);
  });

  it('gives NaN or 0 when no ground truth is usable', () => {
    expect(hitRate(['neutral'], ['joy'], { wheels: toyWheelSet() }).hitRate).toBeNaN();
    expect(hitRate(['neutral'], ['joy'], { wheels: toyWheelSet('mer2026') }).hitRate).toBe(0);
  });
});

describe('sentimentScores', () => {
  it('computes support-weighted F1 and accuracy of the binarised labels', () => {
    // Kept: all 4. Positive: support 3, predicted 4, TP 3 -> F1 6/7; negative: F1 0.
    const scores = sentimentScores([1, 1, 1, -1], [1, 1, 1, 1]);
    expect(scores.weightedF1).toBeCloseTo((3 * 6) / 7 / 4, 15);
    expect(scores.accuracy).toBe(0.75);
  });

  it('maps words, drops zero-valence samples and treats anything else as non-positive', () => {
    // Kept samples 0..3: truth [+, -, +, -], predicted [+, -, -, -] ('Neutral' is 0 -> not > 0).
    const scores = sentimentScores(
      [0.8, -1.5, 2, -0.2, 0],
      ['positive', ' Negative ', 'Neutral', 'sad', 'positive'],
    );
    expect(scores.samples).toBe(4);
    expect(scores.accuracy).toBe(0.75);
    // Positive: support 2, predicted 1, TP 1 -> 2/3; negative: support 2, predicted 3, TP 2 -> 4/5.
    expect(scores.weightedF1).toBeCloseTo((2 * (2 / 3) + 2 * 0.8) / 4, 15);
  });

  it('rejects misaligned or non-finite input', () => {
    expect(() => sentimentScores([1], [])).toThrow(/one prediction per ground-truth value \(1\)/);
    expect(() => sentimentScores([Number.NaN], ['positive'])).toThrow(
      'sentimentScores: groundTruth[0] must be a finite number; received NaN',
    );
  });
});
