import { describe, expect, it } from 'vitest';
import { builtinWheelSet } from './builtin/builtin-wheel-set.js';
import { createEmotionWheelSet } from './emotion-wheel-set.js';
import { extractEmotionWords } from './extract-emotion-words.js';

describe('extractEmotionWords', () => {
  it('finds emotion words and inflections in order, once each', () => {
    expect(
      extractEmotionWords('She smiles, clearly HAPPIER now; happier than before. Worried? Yes.'),
    ).toEqual(['happier', 'worried']);
  });

  it('skips negated words unless asked not to', () => {
    const text = "He isn't angry and shows no fear, only sadness.";
    expect(extractEmotionWords(text)).toEqual(['sadness']);
    expect(extractEmotionWords(text, { skipNegated: false })).toEqual(['angry', 'fear', 'sadness']);
  });

  it('prefers the longest multi-word key', () => {
    const wheels = createEmotionWheelSet({
      trees: [{ name: 'w', rows: [{ level1: 'sad', level2: 'lost', level3: 'at a loss' }] }],
      forms: new Map([
        ['at a loss', ['at a loss']],
        ['lost', ['lost']],
      ]),
      synonyms: new Map([
        ['at a loss', ['at a loss']],
        ['lost', ['lost']],
      ]),
    });
    expect(extractEmotionWords('She is at a loss, lost.', { wheels })).toEqual([
      'at a loss',
      'lost',
    ]);
  });

  it('returns nothing for text without emotion words', () => {
    expect(
      extractEmotionWords('The weather report for Tuesday.', { wheels: builtinWheelSet() }),
    ).toEqual([]);
  });
});
