import type { MerSample } from '@r1kit/datasets';
import { builtinWheelSet, dualReward, emotionWheelReward } from '@r1kit/emotion-wheel';
import { describe, expect, it } from 'vitest';
import { presets } from '../cli/presets.js';
import { rewardFunctionsFor } from './reward-functions.js';

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

  it('closes the `sad,sad,,,` hack: format 0 and accuracy penalised over the raw fields', async () => {
    const { rewardFunctions } = rewardFunctionsFor(
      { ...presets.tiny, think: false, lengthPenalty: 'p3' },
      wheels,
    );
    const [accuracy, format] = rewardFunctions;
    const hacked = ['<answer>happy,happy,,,</answer>', '<answer>happy, joyful</answer>'];
    expect(await format?.compute(inputs(hacked))).toEqual([0, 1]);
    // Truth [happy, joyful]: |y| = 2; the hack has 5 fields, so P3 = log 2 / log 5.
    const values = await accuracy?.compute(inputs(hacked));
    expect(values?.[0]).toBeCloseTo(Math.log(2) / Math.log(5), 10);
    expect(values?.[1]).toBe(1);
  });

  it('reads the ground truth from the payload labels, like the direct calls with groundTruth', async () => {
    const { rewardFunctions } = rewardFunctionsFor(
      { ...presets.tiny, dualWeight: 0.6, lengthPenalty: 'p1' },
      wheels,
    );
    const completions = [
      '<think>She is joyful, maybe anxious.</think><answer>happy, anxious, tired</answer>',
      '<think>He frowns.</think><answer>sad</answer>',
    ];
    const groundTruth = [sample.labels, sample.labels];
    const byName = Object.fromEntries(rewardFunctions.map((fn) => [fn.name, fn.compute]));
    const accuracy = emotionWheelReward(completions, { groundTruth, wheels, lengthPenalty: 'p1' });
    // [happy, joyful] is one class; [happy, anxious, tired] is 3 labels: F1 below 1, P1 = 1/2.
    expect(accuracy[0]).toBeGreaterThan(0);
    expect(accuracy[0]).toBeLessThan(0.5);
    expect(await byName.accuracy?.(inputs(completions))).toEqual(accuracy);
    expect(await byName.ew_f?.(inputs(completions))).toEqual(
      emotionWheelReward(completions, { groundTruth, wheels }),
    );
    expect(await byName.dual?.(inputs(completions))).toEqual(
      dualReward(completions, { groundTruth, wheels, lengthPenalty: 'p1' }),
    );
    const noPayload = { ...inputs(completions), payloads: [sample, undefined] };
    expect(() => byName.accuracy?.(noPayload)).toThrow(
      'emotionWheelRewardFunction: payloads[1] must be the payload of the prompt of completion 1',
    );
  });
});
