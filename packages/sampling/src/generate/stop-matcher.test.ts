import { describe, expect, it } from 'vitest';
import { letterTokenizer } from '../../test/test-model.js';
import { StopMatcher } from './stop-matcher.js';

// letterTokenizer: token i decodes to the letter a + (i mod 26).
const base = {
  eosTokenIds: [2],
  stopStrings: ['xyz', 'yq'],
  stopTokenSequences: [[5, 6]],
  maxCompletionLength: 200,
  tokenizer: letterTokenizer,
};

describe('StopMatcher', () => {
  it('finds a string stop at the end of a long completion and cuts the text after it', () => {
    const matcher = new StopMatcher(base);
    const completion = [...new Array(150).fill(0), 23, 24];
    expect(matcher.check(completion)).toBeUndefined();
    completion.push(16, 25); // 'q' then 'z': 'yq' completes first
    expect(matcher.check(completion.slice(0, -1))).toBe('stop');
    expect(matcher.text(completion, 'stop')).toBe(`${'a'.repeat(150)}xyq`);
  });

  it('orders eos before stops before the length limit', () => {
    const matcher = new StopMatcher({ ...base, maxCompletionLength: 3 });
    expect(matcher.check([5, 6, 2])).toBe('eos');
    expect(matcher.check([5, 6])).toBe('stop');
    expect(matcher.check([7, 7, 7])).toBe('length');
    expect(matcher.check([7, 7])).toBeUndefined();
    expect(matcher.text([3, 4, 2], 'eos')).toBe('de');
  });

  it('gives no text without a tokenizer', () => {
    const matcher = new StopMatcher({ ...base, stopStrings: [], tokenizer: undefined });
    expect(matcher.text([3], 'length')).toBeUndefined();
  });
});
