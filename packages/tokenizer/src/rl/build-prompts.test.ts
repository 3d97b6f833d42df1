import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/errors.js';
import { buildPrompts } from './build-prompts.js';

describe('buildPrompts', () => {
  it('left-pads so every prompt ends in the last column', () => {
    const batch = buildPrompts([[1, 2, 3], [4], []], { padTokenId: 0 });
    expect(batch.inputIds).toEqual([
      [1, 2, 3],
      [0, 0, 4],
      [0, 0, 0],
    ]);
    expect(batch.attentionMask).toEqual([
      [1, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(batch.promptLengths).toEqual([3, 1, 0]);
    expect(batch.sequenceLength).toBe(3);
  });

  it('accepts typed arrays', () => {
    expect(buildPrompts([Int32Array.from([1, 2]), [3]], { padTokenId: 0 }).inputIds).toEqual([
      [1, 2],
      [0, 3],
    ]);
  });

  it('keeps the end of a prompt longer than maxPromptLength', () => {
    const batch = buildPrompts([[1, 2, 3, 4], [5]], { padTokenId: 7, maxPromptLength: 2 });
    expect(batch.inputIds).toEqual([
      [3, 4],
      [7, 5],
    ]);
    expect(batch.truncatedPromptTokens).toEqual([2, 0]);
  });

  it('rejects malformed input', () => {
    expect(errorOf(() => buildPrompts([[1], 'ab' as never], { padTokenId: 0 })).message).toBe(
      'buildPrompts: prompts[1] must be an array or typed array of non-negative integer token ids; received "ab"',
    );
    expect(errorOf(() => buildPrompts([[1]], { padTokenId: 0.5 })).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => buildPrompts([[1]], { padTokenId: 0, maxPromptLength: -3 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
