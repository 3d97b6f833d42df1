import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { hasReference, referenceDirectory } from '../test/reference-data.js';
import { toyWheelSet } from '../test/toy-wheel-set.js';
import { alignmentReward } from './alignment-reward.js';
import { alignmentRewardFunction } from './alignment-reward-function.js';
import { builtinWheelSet } from './builtin/builtin-wheel-set.js';
import { dualReward } from './dual-reward.js';
import { dualRewardFunction } from './dual-reward-function.js';
import { emotionWheelReward } from './emotion-wheel-reward.js';
import { emotionWheelRewardFunction } from './emotion-wheel-reward-function.js';
import { formatReward } from './format-reward.js';
import { formatRewardFunction } from './format-reward-function.js';

const wheels = toyWheelSet();

// The inputs of emotion-wheel-reward.test.ts, as a trainer hands them over: one payload per
// completion, the ground truth in the payload.
const completions = [
  '<think>He feels gladness, not fear.</think><answer>[happy, fear]</answer>',
  '<think>Rage and joy.</think><answer>joy, glad, rage</answer>',
  'joy',
  '<answer>joy,joy,,,</answer>',
  "<think>t</think><answer>['joy', 'glad']</answer>",
];
const groundTruth = ['[happy, fear]', ['happy'], 'joy', 'joy', ['glad', 'rage']];
const payloads = groundTruth.map((truth) => ({ groundTruth: truth }));

function expectError(run: () => unknown, code: string, message: RegExp): void {
  try {
    run();
    expect.unreachable();
  } catch (error) {
    expect(R1kitError.isInstance(error) && error.code).toBe(code);
    expect((error as Error).message).toMatch(message);
  }
}

describe('reward-function factories', () => {
  it('give the numbers of the direct calls, reading payload.groundTruth', () => {
    for (const options of [
      { wheels },
      { wheels, lengthPenalty: 'p1' as const },
      { wheels, lengthPenalty: 'p3' as const, level: 2 as const },
      { wheels, lengthPenalty: 'p2' as const, requireTags: false, penalizeRawItems: false },
    ]) {
      const direct = emotionWheelReward(completions, { ...options, groundTruth });
      expect(emotionWheelRewardFunction(options)({ completions, payloads })).toEqual(direct);
      expect(dualRewardFunction(options)({ completions, payloads })).toEqual(
        dualReward(completions, { ...options, groundTruth }),
      );
    }
    // The direct numbers themselves (emotion-wheel-reward.test.ts): 1, 5/6, 0 (no tags), and
    // P1 of the 5 raw fields of `joy,joy,,,` against |y| = 1.
    const penalised = emotionWheelRewardFunction({ wheels, lengthPenalty: 'p1' })({
      completions,
      payloads,
    });
    expect(penalised.slice(0, 4)).toEqual([
      1,
      expect.closeTo((5 / 6) * (1 / 3), 15),
      0,
      expect.closeTo(1 / 5, 15),
    ]);
    expect(alignmentRewardFunction({ wheels })({ completions })).toEqual(
      alignmentReward(completions, { wheels }),
    );
    for (const options of [{}, { think: false }, { strict: false, requireCleanLabelList: false }]) {
      expect(formatRewardFunction(options)({ completions })).toEqual(
        formatReward(completions, options),
      );
    }
    expect(formatRewardFunction()({ completions })).toEqual([1, 1, 0, 0, 1]);
  });

  it('read the ground truth under another name with the groundTruth accessor', () => {
    interface Clip {
      readonly labels: readonly string[];
    }
    const clips: Clip[] = groundTruth.map((truth) => ({
      labels: typeof truth === 'string' ? [truth] : truth,
    }));
    const accuracy = emotionWheelRewardFunction({
      wheels,
      lengthPenalty: 'p2',
      groundTruth: (clip: Clip) => clip.labels,
    });
    expect(accuracy({ completions, payloads: clips })).toEqual(
      emotionWheelReward(completions, {
        wheels,
        lengthPenalty: 'p2',
        groundTruth: clips.map((clip) => clip.labels),
      }),
    );
  });

  it('name the completion whose ground truth is missing', () => {
    const accuracy = emotionWheelRewardFunction({ wheels });
    expectError(
      () => accuracy({ completions: ['a', 'b'], payloads: [{ groundTruth: 'joy' }, {}] }),
      'INVALID_ARGUMENT',
      /^emotionWheelRewardFunction: payloads\[1\]\.groundTruth must be the ground truth of completion 1, .*give the payload a groundTruth field.*received undefined$/,
    );
    expectError(
      () => dualRewardFunction({ wheels })({ completions: ['a'], payloads: [undefined] }),
      'INVALID_ARGUMENT',
      /^dualRewardFunction: payloads\[0\] must be the payload of the prompt of completion 0, carrying its ground truth \(give every prompt a payload\); received undefined$/,
    );
    const byLabels = emotionWheelRewardFunction({
      wheels,
      groundTruth: (clip: { labels?: string[] }) => clip.labels,
    });
    expectError(
      () =>
        byLabels({
          completions: ['a', 'b'],
          payloads: [{ labels: ['joy'] }, { labels: undefined }],
        }),
      'INVALID_ARGUMENT',
      /options\.groundTruth\(payloads\[1\]\) must be the ground truth of completion 1/,
    );
    expectError(
      () => accuracy({ completions: ['a', 'b'], payloads: [{ groundTruth: 'joy' }] }),
      'SHAPE_MISMATCH',
      /inputs\.payloads must be an array with one payload per completion \(2\)/,
    );
    expectError(
      () =>
        emotionWheelRewardFunction({ groundTruth: ['joy'] as never })({
          completions: ['a'],
          payloads: [{ groundTruth: 'joy' }],
        }),
      'INVALID_ARGUMENT',
      /options\.groundTruth must be a function \(payload\) => labels/,
    );
  });
});

describe.skipIf(!hasReference)('reward-function factories on the official test vectors', () => {
  it('give the numbers of emotionWheelReward with the built-in wheels', () => {
    const cases: Array<{ gt: string; pred: string }> = JSON.parse(
      readFileSync(resolve(referenceDirectory, 'test_vectors.json'), 'utf8'),
    ).cases;
    const texts = cases.map((entry) => `<think>t</think><answer>${entry.pred}</answer>`);
    const truths = cases.map((entry) => entry.gt);
    const builtin = builtinWheelSet();
    for (const lengthPenalty of ['none', 'p1', 'p2', 'p3'] as const) {
      const direct = emotionWheelReward(texts, {
        groundTruth: truths,
        wheels: builtin,
        lengthPenalty,
      });
      const factory = emotionWheelRewardFunction({ wheels: builtin, lengthPenalty })({
        completions: texts,
        payloads: truths.map((truth) => ({ groundTruth: truth })),
      });
      expect(factory).toEqual(direct);
      expect(direct.some((value) => value > 0 && value < 1)).toBe(true);
    }
  });
});
