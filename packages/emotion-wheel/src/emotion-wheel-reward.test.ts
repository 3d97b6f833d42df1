import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { toyWheelSet } from '../test/toy-wheel-set.js';
import { alignmentReward } from './alignment-reward.js';
import { dualReward } from './dual-reward.js';
import { emotionWheelReward } from './emotion-wheel-reward.js';
import { sampleEmotionWheelF1 } from './sample-emotion-wheel-f1.js';

const wheels = toyWheelSet();

describe('sampleEmotionWheelF1', () => {
  it('is the mean over usable wheels of the set F1', () => {
    // Wheel a: G={pos,neg}, Q={pos} -> F1 = 2/3. Wheel b: G={good}, Q={} -> 0. Mean 1/3.
    expect(sampleEmotionWheelF1('[happy, fear]', '[gladness]', { wheels })).toBeCloseTo(1 / 3, 15);
    // Wheel b is not usable (fear has no class there): only wheel a counts.
    expect(sampleEmotionWheelF1('[fear]', '[afraid, rage]', { wheels })).toBe(1);
    // Level 2 in wheel a: G={fear}, Q={fear, anger} -> 2/3.
    expect(sampleEmotionWheelF1('[fear]', '[afraid, rage]', { wheels, level: 2 })).toBeCloseTo(
      2 / 3,
      15,
    );
    expect(sampleEmotionWheelF1('neutral', '[joy]', { wheels })).toBe(0);
  });
});

describe('emotionWheelReward', () => {
  it('scores the answer block and applies the length penalty', () => {
    const completions = [
      '<think>t</think><answer>[happy, fear]</answer>',
      '<think>t</think><answer>joy, glad, rage</answer>',
      'joy',
    ];
    const groundTruth = ['[happy, fear]', ['happy'], 'joy'];
    // 2: wheel a G={pos} Q={pos,neg} -> 2/3; wheel b G={good} Q={good} (glad and rage are
    // not in b) -> 1; mean 5/6.
    expect(emotionWheelReward(completions, { groundTruth, wheels })).toEqual([
      1,
      expect.closeTo(5 / 6, 15),
      0,
    ]);
    const penalised = emotionWheelReward(completions, {
      groundTruth,
      wheels,
      lengthPenalty: 'p2',
    });
    expect(penalised[1]).toBeCloseTo((5 / 6) * (1 / 3), 15);
    expect(emotionWheelReward(completions, { groundTruth, wheels, requireTags: false })[2]).toBe(1);
  });

  it('counts empty and repeated answer fields in the length penalty unless penalizeRawItems is false', () => {
    const completions = [
      '<answer>joy,joy,,,</answer>',
      '<answer>joy</answer>',
      '<answer>joy, joy</answer>',
      "<answer>['joy', 'glad']</answer>",
    ];
    const groundTruth = ['joy', 'joy', 'joy', 'joy'];
    // Every answer maps to {pos} in wheel a and {good} in wheel b: F1 = 1. |y| = 1, so P3 =
    // log 2 / log(|o| + 1) with |o| = 5, 1, 2 fields and 2 quoted labels.
    const raw = emotionWheelReward(completions, { groundTruth, wheels, lengthPenalty: 'p3' });
    expect(raw[0]).toBeCloseTo(Math.log(2) / Math.log(6), 12);
    expect(raw[1]).toBe(1);
    expect(raw[2]).toBeCloseTo(Math.log(2) / Math.log(3), 12);
    expect(raw[3]).toBeCloseTo(Math.log(2) / Math.log(3), 12);
    const distinct = emotionWheelReward(completions, {
      groundTruth,
      wheels,
      lengthPenalty: 'p3',
      penalizeRawItems: false,
    });
    expect(distinct.slice(0, 3)).toEqual([1, 1, 1]);
  });

  it('parses sentence answers with a custom parser', () => {
    const completions = [
      "<think>t</think><answer>The character's emotional state is joy.</answer>",
    ];
    expect(emotionWheelReward(completions, { groundTruth: ['glad'], wheels })).toEqual([0]);
    const words = (answer: string) => answer.split(/[^a-z]+/i).filter((word) => word === 'joy');
    expect(
      emotionWheelReward(completions, { groundTruth: ['glad'], wheels, parseAnswer: words }),
    ).toEqual([1]); // wheel a: {pos} vs {pos}; wheel b skipped (glad has no class there)
  });

  it('rejects ground truth of the wrong length', () => {
    try {
      emotionWheelReward(['a', 'b'], { groundTruth: ['joy'], wheels });
      expect.unreachable();
    } catch (error) {
      expect(R1kitError.isInstance(error) && error.code).toBe('SHAPE_MISMATCH');
      expect((error as Error).message).toMatch(/options.groundTruth must be an array with one/);
    }
  });
});

describe('dualReward and alignmentReward', () => {
  it('score the emotion words of the think block', () => {
    const completions = [
      '<think>He feels gladness, not fear.</think><answer>joy</answer>',
      '<think>Rage and joy.</think><answer>anger</answer>',
      '<answer>joy</answer>',
    ];
    // Think words: [gladness] (fear negated); [rage, joy]; none.
    expect(dualReward(completions, { groundTruth: ['glad', 'rage', 'joy'], wheels })).toEqual([
      1,
      expect.closeTo(2 / 3, 15),
      0,
    ]);
    expect(
      dualReward(completions, {
        groundTruth: ['glad', 'rage', 'joy'],
        wheels,
        lengthPenalty: 'p1',
      }),
    ).toEqual([1, expect.closeTo(1 / 3, 15), 0]);
    // Alignment, answer as reference. 1: a {pos} vs {pos} -> 1, b {good} vs {} -> 0: 1/2.
    // 2: a G={neg} Q={neg,pos} -> 2/3, b G={bad} Q={good} -> 0: 1/3.
    expect(alignmentReward(completions, { wheels })).toEqual([0.5, expect.closeTo(1 / 3, 15), 0]);
  });
});
