import { builtinWheelSet } from '@r1kit/emotion-wheel';
import { describe, expect, it } from 'vitest';
import { presets } from '../cli/presets.js';
import type { MerSample } from '../data/mer-sample.js';
import {
  accuracyReward,
  answerFormatReward,
  isCleanLabelList,
  rawAnswerItems,
  rewardFunctionsFor,
  thinkFormatReward,
} from './reward-functions.js';

const sample = { labels: ['happy', 'joyful'] } as unknown as MerSample;

function inputs(completions: string[]) {
  return {
    prompts: completions.map(() => ({ promptIds: [], payload: sample })),
    completions,
    completionIds: completions.map(() => []),
    finishReasons: completions.map(() => 'eos' as const),
    payloads: completions.map(() => sample),
  };
}

describe('answerFormatReward', () => {
  it('accepts exactly one non-empty answer block', () => {
    expect(
      answerFormatReward([
        '<answer>happy</answer>',
        ' <answer> sad </answer> ',
        '<answer> </answer>',
        'happy',
        '<think>x</think><answer>happy</answer>',
      ]),
    ).toEqual([1, 1, 0, 0, 0]);
  });

  it('gives 0 to answers with empty or duplicate labels (the `sad,sad,,,` hack)', () => {
    expect(
      answerFormatReward([
        '<answer>sad,sad,,,</answer>',
        '<answer>sad, Sad</answer>',
        '<answer>sad,</answer>',
        '<answer>sad, angry</answer>',
      ]),
    ).toEqual([0, 0, 0, 1]);
  });
});

describe('rawAnswerItems and isCleanLabelList', () => {
  it('keeps empty and repeated items', () => {
    expect(rawAnswerItems('Sad, sad,,,')).toEqual(['sad', 'sad', '', '', '']);
    expect(rawAnswerItems("happy 'joyful'")).toEqual(['happy', 'joyful', '']);
    expect(isCleanLabelList('happy, joyful')).toBe(true);
    expect(isCleanLabelList('happy, HAPPY')).toBe(false);
    expect(isCleanLabelList('happy,,joyful')).toBe(false);
    expect(isCleanLabelList('')).toBe(false);
  });
});

describe('thinkFormatReward', () => {
  it('needs the strict think/answer format and a clean label list', () => {
    expect(
      thinkFormatReward([
        '<think>smile</think><answer>happy, joyful</answer>',
        '<think>smile</think><answer>happy, happy</answer>',
        '<think>smile</think><answer>happy,,</answer>',
        '<answer>happy</answer>',
      ]),
    ).toEqual([1, 0, 0, 0]);
  });
});

describe('accuracyReward', () => {
  const wheels = builtinWheelSet();

  it('counts |o| over the raw items, so duplicates and empty items are penalised', () => {
    const values = accuracyReward(
      ['<answer>sad,sad,,,</answer>', '<answer>sad</answer>', '<answer>sad, sad</answer>', 'sad'],
      { groundTruth: [['sad'], ['sad'], ['sad'], ['sad']], wheels, lengthPenalty: 'p3' },
    );
    // |y| = 1: P3 = log 2 / log(|o| + 1), with |o| = 5, 1 and 2 raw items; no tags: 0.
    expect(values[0]).toBeCloseTo(Math.log(2) / Math.log(6), 10);
    expect(values[1]).toBe(1);
    expect(values[2]).toBeCloseTo(Math.log(2) / Math.log(3), 10);
    expect(values[3]).toBe(0);
    const none = accuracyReward(['<answer>sad,sad,,,</answer>'], {
      groundTruth: [['sad']],
      wheels,
      lengthPenalty: 'none',
    });
    expect(none).toEqual([1]);
  });
});

describe('rewardFunctionsFor', () => {
  const wheels = builtinWheelSet();

  it('weights accuracy, format and a logged-only ew_f by default', () => {
    const { rewardFunctions, rewardWeights } = rewardFunctionsFor(presets.tiny, wheels);
    expect(rewardFunctions.map((fn) => fn.name)).toEqual(['accuracy', 'format', 'ew_f']);
    expect(rewardWeights).toEqual([1, 0.2, 0]);
  });

  it('applies the length penalty to accuracy only: P3 = log|y| / log|o| beyond the truth length', async () => {
    const { rewardFunctions } = rewardFunctionsFor(
      { ...presets.tiny, lengthPenalty: 'p3' },
      wheels,
    );
    const [accuracy, format, ewF] = rewardFunctions;
    // Truth [happy, joyful] (|y| = 2, one class); the answer names 4 happy words (|o| = 4): F1 = 1.
    const completions = [
      '<think>smile</think><answer>happy, joyful, cheerful, delighted</answer>',
      '<think>smile</think><answer>happy</answer>',
    ];
    const accuracyValues = await accuracy?.compute(inputs(completions));
    expect(accuracyValues?.[0]).toBeCloseTo(Math.log(2) / Math.log(4), 10);
    expect(accuracyValues?.[1]).toBe(1);
    expect(await ewF?.compute(inputs(completions))).toEqual([1, 1]);
    expect(await format?.compute(inputs(completions))).toEqual([1, 1]);
  });

  it('adds dual and alignment only with think and a positive weight, and uses the answer format without think', async () => {
    const withAux = rewardFunctionsFor(
      { ...presets.tiny, dualWeight: 0.6, alignmentWeight: 0.4 },
      wheels,
    );
    expect(withAux.rewardFunctions.map((fn) => fn.name)).toEqual([
      'accuracy',
      'format',
      'ew_f',
      'dual',
      'alignment',
    ]);
    expect(withAux.rewardWeights).toEqual([1, 0.2, 0, 0.6, 0.4]);
    const noThink = rewardFunctionsFor({ ...presets.tiny, think: false, dualWeight: 0.6 }, wheels);
    expect(noThink.rewardFunctions.map((fn) => fn.name)).toEqual(['accuracy', 'format', 'ew_f']);
    expect(
      await noThink.rewardFunctions[1]?.compute(
        inputs(['<answer>happy</answer>', '<think>a</think><answer>happy</answer>']),
      ),
    ).toEqual([1, 0]);
  });
});
