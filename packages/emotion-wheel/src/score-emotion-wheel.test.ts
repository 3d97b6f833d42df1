import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { toyWheelSet } from '../test/toy-wheel-set.js';
import { mapLabel } from './map-label.js';
import { scoreEmotionWheel } from './score-emotion-wheel.js';

// Hand computation on the toy set (see test-fixtures.ts):
// sample 1: GT [happy, fear], pred [gladness]; sample 2: GT [fear], pred [rage, unknown].
// Wheel a, level 1: s1 G={pos,neg} Q={pos} P=1 R=1/2; s2 G={neg} Q={neg} P=R=1
//   -> P=1, R=3/4, F=6/7.
// Wheel b, level 1: s1 G={good} (fear is not in b) Q={} P=R=0; s2 G={} skipped -> P=R=0.
const truth = ['[happy, fear]', '[fear]'];
const predicted = ['[gladness]', '[rage, unknown]'];

describe('mapLabel', () => {
  it('takes the alphabetically first reachable wheel word present in the wheel', () => {
    const wheels = toyWheelSet();
    expect(mapLabel('Happy', { wheels, wheel: 0 })).toBe('pos');
    expect(mapLabel('happy', { wheels, wheel: 0, level: 2 })).toBe('joy');
    expect(mapLabel('happy', { wheels, wheel: 1 })).toBe('good');
    expect(mapLabel('fear', { wheels, wheel: 1 })).toBeUndefined();
    expect(mapLabel('unknown', { wheels, wheel: 0 })).toBeUndefined();
    expect(mapLabel('gladness', { wheels, mode: 'form' })).toBe('glad');
    expect(mapLabel('happy', { wheels, mode: 'synonym' })).toBe('glad');
  });

  it('rejects a wheel index out of range', () => {
    expect(() => mapLabel('joy', { wheels: toyWheelSet(), wheel: 2 })).toThrow(
      /options.wheel must be an integer in \[0, 1\]; received 2/,
    );
  });
});

describe('scoreEmotionWheel', () => {
  it('matches the hand-computed AffectGPT scores, NaN for a wheel with P + R = 0', () => {
    const score = scoreEmotionWheel(truth, predicted, { wheels: toyWheelSet() });
    const [a, b] = score.perWheel;
    expect(a).toMatchObject({ wheel: 'a', precision: 1, recall: 0.75, samples: 2 });
    expect(a!.f).toBeCloseTo(6 / 7, 14);
    expect(b).toMatchObject({ wheel: 'b', precision: 0, recall: 0, samples: 1 });
    expect(b!.f).toBeNaN();
    expect(score.f).toBeNaN();
    expect(score.precision).toBeCloseTo(0.5, 14);
    expect(score.recall).toBeCloseTo(0.375, 14);
  });

  it('applies the MER2026 zero guard instead of NaN', () => {
    const score = scoreEmotionWheel(truth, predicted, {
      wheels: toyWheelSet(),
      variant: 'mer2026',
    });
    expect(score.perWheel[1]!.f).toBe(0);
    expect(score.f).toBeCloseTo(3 / 7, 14);
  });

  it('scores level 2 with middle-ring classes', () => {
    // Wheel a, level 2: s1 G={joy,fear} Q={joy} P=1 R=1/2; s2 G={fear} Q={anger} P=R=0.
    const score = scoreEmotionWheel(truth, predicted, { wheels: toyWheelSet(), level: 2 });
    expect(score.perWheel[0]!.precision).toBeCloseTo(0.5, 14);
    expect(score.perWheel[0]!.recall).toBeCloseTo(0.25, 14);
    expect(score.perWheel[0]!.f).toBeCloseTo(1 / 3, 14);
  });

  it('scores the coarse M1 (forms) and M2 (synonyms) modes', () => {
    const m1 = scoreEmotionWheel(truth, predicted, { wheels: toyWheelSet(), mode: 'form' });
    expect(m1.perWheel).toHaveLength(1);
    expect(m1.perWheel[0]).toMatchObject({ wheel: 'M1', precision: 0, recall: 0, samples: 2 });
    const m2 = scoreEmotionWheel(truth, predicted, { wheels: toyWheelSet(), mode: 'synonym' });
    expect(m2.perWheel[0]!.f).toBeCloseTo(1 / 3, 14);
  });

  it('gives NaN (AffectGPT) or 0 (MER2026) when no sample has usable ground truth', () => {
    const wheels = toyWheelSet();
    expect(scoreEmotionWheel(['neutral'], ['joy'], { wheels }).precision).toBeNaN();
    const guarded = scoreEmotionWheel(['neutral'], ['joy'], { wheels, variant: 'mer2026' });
    expect([guarded.f, guarded.precision, guarded.recall]).toEqual([0, 0, 0]);
  });

  it('aligns records by ground-truth name and ignores extra predictions', () => {
    const score = scoreEmotionWheel(
      { s1: truth[0], s2: truth[1] },
      { s2: predicted[1], extra: 'joy', s1: predicted[0] },
      { wheels: toyWheelSet() },
    );
    expect(score.perWheel[0]!.f).toBeCloseTo(6 / 7, 14);
  });

  it('raises clear errors for misaligned inputs and bad options', () => {
    const wheels = toyWheelSet();
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return R1kitError.isInstance(error) ? error.code : 'not an R1kitError';
      }
      return 'no error';
    };
    expect(code(() => scoreEmotionWheel(['joy'], [], { wheels }))).toBe('SHAPE_MISMATCH');
    expect(code(() => scoreEmotionWheel({ a: 'joy' }, { b: 'joy' }, { wheels }))).toBe('NOT_FOUND');
    expect(code(() => scoreEmotionWheel(['joy'], { a: 'joy' }, { wheels }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(code(() => scoreEmotionWheel(['joy'], ['joy'], { wheels, level: 3 as 1 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(() => scoreEmotionWheel({ a: 'joy' }, { b: 'joy' }, { wheels })).toThrow(/"a"/);
    expect(() => scoreEmotionWheel(['joy'], ['joy'], { wheels, mode: 'case3' as 'wheel' })).toThrow(
      `scoreEmotionWheel: options.mode must be 'wheel', 'form' or 'synonym'; received "case3"`,
    );
  });
});
