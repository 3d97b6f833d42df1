import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import type { GrpoPrompt, NamedRewardFunction, RolloutCompletion } from './grpo-types.js';
import { scoreCompletions } from './score-completions.js';
import { scoreRollout } from './score-rollout.js';

const prompts: GrpoPrompt<{ answer: number }>[] = [
  { promptIds: [1], payload: { answer: 5 } },
  { promptIds: [2], payload: { answer: 6 } },
];
const completion = (
  promptIndex: number,
  ids: number[],
  finishReason: RolloutCompletion['finishReason'] = 'eos',
): RolloutCompletion => ({ promptIndex, completionIds: ids, text: ids.join(' '), finishReason });
const completions = [
  completion(0, [5, 2]),
  completion(0, [4, 2]),
  completion(0, [5, 5, 5], 'length'),
  completion(0, [3, 2]),
  completion(1, [6, 2]),
  completion(1, [6, 2]),
  completion(1, [6, 2]),
  completion(1, [6, 2]),
];

/** Unbiased std + 1e-4 group normalisation (TRL scale_rewards="group"). */
function trlGroup(rewards: number[]): number[] {
  const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
  const variance = rewards.reduce((a, b) => a + (b - mean) ** 2, 0) / (rewards.length - 1);
  return rewards.map((r) => (r - mean) / (Math.sqrt(variance) + 1e-4));
}

const functions: NamedRewardFunction<{ answer: number }>[] = [
  {
    name: 'accuracy',
    compute: ({ completionIds, payloads }) =>
      completionIds.map((ids, index) => (ids[0] === payloads[index]!.answer ? 1 : 0)),
  },
  {
    name: 'short',
    // Async, and not applicable (null) to the second prompt's completions.
    compute: async ({ completionIds, prompts: rows }) =>
      completionIds.map((ids, index) =>
        rows[index]!.promptIds[0] === 2 ? null : ids.length <= 2 ? 1 : 0,
      ),
  },
];

describe('scoreRollout', () => {
  it('weights functions, skips nulls, and gives TRL group advantages and metrics', async () => {
    const { scored, groupStd, metrics } = await scoreRollout(prompts, completions, functions, {
      numGenerations: 4,
      rewardWeights: [1, 0.5],
      scaleRewards: 'group',
      multiObjectiveAggregation: 'sum_then_normalize',
    });
    const rewards = [1.5, 0.5, 1, 0.5, 1, 1, 1, 1];
    expect(scored.map((row) => row.reward)).toEqual(rewards);
    const expected = [...trlGroup(rewards.slice(0, 4)), 0, 0, 0, 0];
    scored.forEach((row, index) => {
      expect(row.advantage).toBeCloseTo(expected[index]!, 9);
    });
    expect(groupStd[1]).toBe(0);
    expect(metrics.frac_reward_zero_std).toBe(0.5);
    expect(metrics.reward).toBeCloseTo(7.5 / 8, 12);
    expect(metrics['rewards/accuracy/mean']).toBeCloseTo(6 / 8, 12);
    expect(metrics['rewards/short/mean']).toBeCloseTo(3 / 4, 12);
    expect(metrics['completions/mean_length']).toBeCloseTo(17 / 8, 12);
    expect(metrics['completions/max_length']).toBe(3);
    expect(metrics['completions/clipped_ratio']).toBeCloseTo(1 / 8, 12);
    expect(metrics['completions/mean_terminated_length']).toBe(2);
  });
});

describe('scoreRollout advantage scaling', () => {
  const batch = [1, 0, 0.5, 0.5, 1, 1, 1, 0];
  const fixed: NamedRewardFunction[] = [{ name: 'fixed', compute: () => batch }];
  const score = (scaleRewards: 'group' | 'batch' | 'none') =>
    scoreRollout(prompts, completions, fixed, {
      numGenerations: 4,
      rewardWeights: [1],
      scaleRewards,
      multiObjectiveAggregation: 'sum_then_normalize',
    });

  it('matches the spec test vectors for batch and no scaling', async () => {
    // grpo-reference.md 2.1: TRL scale_rewards="batch" on [1,0,0.5,0.5 | 1,1,1,0].
    const expected = [1.127898, -1.127898, 0, 0, 0.563949, 0.563949, 0.563949, -1.691846];
    (await score('batch')).scored.forEach((row, index) => {
      expect(row.advantage).toBeCloseTo(expected[index]!, 5);
    });
    const none = [0.5, -0.5, 0, 0, 0.25, 0.25, 0.25, -0.75];
    (await score('none')).scored.forEach((row, index) => {
      expect(row.advantage).toBeCloseTo(none[index]!, 12);
    });
  });
});

describe('scoreCompletions', () => {
  const inputs = {
    prompts: [prompts[0]!],
    completions: ['a'],
    completionIds: [[1]],
    finishReasons: ['eos' as const],
    payloads: [prompts[0]!.payload],
  };

  it('rejects wrong lengths, NaN and throwing functions with the function named', async () => {
    const check = async (compute: NamedRewardFunction['compute'], code: string, text: RegExp) => {
      const error = await scoreCompletions([{ name: 'bad', compute }], inputs).catch((e) => e);
      expect(R1kitError.isInstance(error)).toBe(true);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(text);
    };
    await check(() => [1, 2], 'SHAPE_MISMATCH', /"bad".*1 numbers or nulls/);
    await check(
      () => [Number.NaN],
      'NUMERIC_ERROR',
      /"bad" result\[0\] must be a finite number or null/,
    );
    await check(
      () => {
        throw new Error('boom');
      },
      'INVALID_STATE',
      /"bad" threw: boom/,
    );
  });
});
