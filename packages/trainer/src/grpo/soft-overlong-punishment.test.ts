import { describe, expect, it } from 'vitest';
import type { RewardFunctionInputs } from './grpo-types.js';
import { softOverlongPunishment } from './soft-overlong-punishment.js';

const inputsOfLengths = (lengths: number[]): RewardFunctionInputs =>
  ({
    completionIds: lengths.map((length) => new Array(length).fill(1)),
  }) as unknown as RewardFunctionInputs;

describe('softOverlongPunishment', () => {
  it('matches the DAPO test vector (L_max 20, L_cache 4)', async () => {
    const reward = softOverlongPunishment({ maxCompletionLength: 20, softPunishCache: 4 });
    const values = await reward(inputsOfLengths([15, 16, 17, 18, 20, 22]));
    expect(values).toEqual([0, 0, -0.25, -0.5, -1, -1]);
  });

  it('rejects a cache longer than the limit', () => {
    expect(() =>
      softOverlongPunishment({ maxCompletionLength: 4, softPunishCache: 8 }),
    ).toThrowError(
      /options.softPunishCache must be an integer in \[1, maxCompletionLength = 4\]; received 8/,
    );
  });
});
