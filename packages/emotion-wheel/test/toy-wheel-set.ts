import { createEmotionWheelSet, type EmotionWheelSet } from '../src/emotion-wheel-set.js';

/**
 * A two-wheel toy resource set for tests, small enough to score by hand:
 * wheel `a` has cores pos (joy > glad) and neg (anger > rage, fear); wheel `b` has cores good
 * (joy) and bad (anger). `happy` is a synonym of both `glad` and `joy`.
 */
export function toyWheelSet(variant: 'affectgpt' | 'mer2026' = 'affectgpt'): EmotionWheelSet {
  const list = (entries: Record<string, string[]>) => new Map(Object.entries(entries));
  return createEmotionWheelSet(
    {
      trees: [
        {
          name: 'a',
          rows: [
            { level1: 'pos', level2: 'joy', level3: 'glad' },
            { level1: 'neg', level2: 'anger', level3: 'rage' },
            { level1: 'neg', level2: 'fear', level3: '' },
          ],
        },
        {
          name: 'b',
          rows: [
            { level1: 'good', level2: 'joy', level3: '' },
            { level1: 'bad', level2: 'anger', level3: '' },
          ],
        },
      ],
      forms: list({
        glad: ['glad'],
        gladness: ['glad'],
        joy: ['joy'],
        rage: ['rage'],
        anger: ['anger'],
        fear: ['fear'],
        afraid: ['fear'],
        happy: ['happy'],
      }),
      synonyms: list({
        glad: ['glad'],
        joy: ['joy'],
        rage: ['rage'],
        anger: ['anger'],
        fear: ['fear'],
        happy: ['joy', 'glad'],
      }),
    },
    { source: 'custom', variant },
  );
}
