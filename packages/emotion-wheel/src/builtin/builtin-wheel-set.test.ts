import { describe, expect, it } from 'vitest';
import { mapLabel } from '../map-label.js';
import { builtinLexicon, builtinWheels } from './builtin-lexicon.js';
import { builtinWheelSet, parsedLemmas } from './builtin-wheel-set.js';

describe('built-in wheels', () => {
  it('has the five documented wheels with their published cores', () => {
    const wheels = builtinWheels();
    expect(wheels.map((wheel) => wheel.name)).toEqual([
      'feeling-wheel',
      'plutchik',
      'parrott',
      'geneva',
      'atlas',
    ]);
    expect(builtinWheelSet().trees).toHaveLength(5);
    expect(wheels[0]!.level1).toEqual(['mad', 'scared', 'joyful', 'powerful', 'peaceful', 'sad']);
    expect(wheels[0]!.level2).toHaveLength(36);
    expect(wheels[1]!.level1).toEqual([
      'joy',
      'trust',
      'fear',
      'surprise',
      'sadness',
      'disgust',
      'anger',
      'anticipation',
    ]);
    expect(wheels[2]!.level1).toEqual(['love', 'joy', 'surprise', 'anger', 'sadness', 'fear']);
  });

  it('maps every wheel word to its own core in its own wheel', () => {
    const set = builtinWheelSet();
    builtinWheels().forEach((wheel, index) => {
      for (const row of wheel.tree.rows) {
        // The Geneva quadrant names (level 1) are not emotion words and are not in the lexicon.
        const words =
          wheel.name === 'geneva' ? [row.level2, row.level3] : [row.level1, row.level2, row.level3];
        for (const word of words.filter((w) => w !== '')) {
          expect([word, mapLabel(word, { wheels: set, wheel: index })]).toEqual([word, row.level1]);
        }
      }
    });
  });

  it('lists every lemma and form once', () => {
    const words = parsedLemmas().flatMap((entry) => [entry.lemma, ...entry.forms]);
    const duplicates = words.filter((word, index) => words.indexOf(word) !== index);
    expect(duplicates).toEqual([]);
  });

  it('maps every synonym and form of a lexicon entry to the same classes as the entry', () => {
    const set = builtinWheelSet();
    for (const entry of builtinLexicon()) {
      expect(entry.classes.some((item) => item.level1 !== undefined)).toBe(true);
      for (const variant of [...entry.synonyms, ...entry.forms]) {
        const classes = set.trees.map((tree, wheel) => ({
          wheel: tree.name,
          level1: mapLabel(variant, { wheels: set, wheel, level: 1 }),
          level2: mapLabel(variant, { wheels: set, wheel, level: 2 }),
        }));
        expect([variant, classes]).toEqual([variant, entry.classes]);
      }
    }
  });

  it('resolves unlisted inflections and a leading intensifier', () => {
    const wheels = builtinWheelSet();
    expect(mapLabel('happier', { wheels, wheel: 0 })).toBe('joyful');
    expect(mapLabel('worries', { wheels, wheel: 2 })).toBe('fear');
    expect(mapLabel('frightened', { wheels, wheel: 1 })).toBe('fear');
    expect(mapLabel('very angry', { wheels, wheel: 0 })).toBe('mad');
    expect(mapLabel('Slightly Sad', { wheels, wheel: 1 })).toBe('sadness');
    expect(mapLabel('neutral', { wheels, wheel: 0 })).toBeUndefined();
    expect(mapLabel('qwerty', { wheels, wheel: 0 })).toBeUndefined();
  });
});
