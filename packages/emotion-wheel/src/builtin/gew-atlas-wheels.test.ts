import { describe, expect, it } from 'vitest';
import { mapLabel } from '../map-label.js';
import { scoreEmotionWheel } from '../score-emotion-wheel.js';
import { builtinLexicon, builtinWheels } from './builtin-lexicon.js';
import { builtinWheelSet } from './builtin-wheel-set.js';

const GENEVA = 3;
const ATLAS = 4;

function classOf(word: string, wheel: number, level: 1 | 2 = 1): string | undefined {
  return mapLabel(word, { wheels: builtinWheelSet(), wheel, level });
}

describe('Geneva wheel (after the GEW: quadrants, then emotion families)', () => {
  const geneva = builtinWheels()[GENEVA]!;

  it('has four valence x control quadrants of five families each (20 families)', () => {
    expect(geneva.level1).toEqual([
      'positive-high-control',
      'positive-low-control',
      'negative-low-control',
      'negative-high-control',
    ]);
    expect(geneva.level2).toHaveLength(20);
    for (const quadrant of geneva.level1) {
      const families = new Set(
        geneva.tree.rows.filter((row) => row.level1 === quadrant).map((row) => row.level2),
      );
      expect([quadrant, families.size]).toEqual([quadrant, 5]);
    }
  });

  it('maps hand-checked words to their quadrant and family', () => {
    const expected: [string, string, string][] = [
      ['happy', 'positive-high-control', 'joy'],
      ['amused', 'positive-high-control', 'amusement'],
      ['proud', 'positive-high-control', 'pride'],
      ['curious', 'positive-high-control', 'interest'],
      ['relieved', 'positive-low-control', 'relief'],
      ['calm', 'positive-low-control', 'contentment'],
      ['sympathetic', 'positive-low-control', 'pity'],
      ['sad', 'negative-low-control', 'sadness'],
      ['regretful', 'negative-low-control', 'regret'],
      ['guilty', 'negative-low-control', 'guilt'],
      ['embarrassed', 'negative-low-control', 'shame'],
      ['afraid', 'negative-high-control', 'fear'],
      ['nervous', 'negative-high-control', 'fear'],
      ['furious', 'negative-high-control', 'anger'],
      ['scornful', 'negative-high-control', 'contempt'],
      ['revolted', 'negative-high-control', 'disgust'],
    ];
    for (const [word, quadrant, family] of expected) {
      expect([word, classOf(word, GENEVA, 1), classOf(word, GENEVA, 2)]).toEqual([
        word,
        quadrant,
        family,
      ]);
    }
  });

  it('leaves out words outside the 20 families', () => {
    for (const word of ['surprised', 'hopeful', 'bored', 'tired', 'confused']) {
      expect([word, classOf(word, GENEVA)]).toEqual([word, undefined]);
    }
  });
});

describe('Atlas wheel (after the Atlas of Emotions: continents, then states)', () => {
  const atlas = builtinWheels()[ATLAS]!;

  it('has the five continents and counts of states', () => {
    expect(atlas.level1).toEqual(['anger', 'fear', 'disgust', 'sadness', 'enjoyment']);
    const statesOf = (continent: string) =>
      new Set(atlas.tree.rows.filter((row) => row.level1 === continent).map((row) => row.level2))
        .size;
    expect(atlas.level1.map(statesOf)).toEqual([6, 2, 6, 8, 10]);
    expect(atlas.level2).toHaveLength(32);
  });

  it('maps hand-checked words to their continent and state', () => {
    const expected: [string, string, string][] = [
      ['annoyed', 'anger', 'annoyance'],
      ['exasperated', 'anger', 'annoyance'],
      ['frustrated', 'anger', 'frustration'],
      ['bitter', 'anger', 'bitterness'],
      ['vengeful', 'anger', 'vengefulness'],
      ['enraged', 'anger', 'fury'],
      ['terrified', 'fear', 'fright'],
      ['anxious', 'fear', 'nervousness'],
      ['dreading', 'fear', 'nervousness'],
      ['disliking', 'disgust', 'dislike'],
      ['loathing', 'disgust', 'loathing'],
      ['disappointed', 'sadness', 'disappointment'],
      ['grieving', 'sadness', 'grief'],
      ['hopeless', 'sadness', 'despair'],
      ['relieved', 'enjoyment', 'relief'],
      ['serene', 'enjoyment', 'peace'],
      ['awed', 'enjoyment', 'wonder'],
      ['happy', 'enjoyment', 'rejoicing'],
      ['thrilled', 'enjoyment', 'excitement'],
    ];
    for (const [word, continent, state] of expected) {
      expect([word, classOf(word, ATLAS, 1), classOf(word, ATLAS, 2)]).toEqual([
        word,
        continent,
        state,
      ]);
    }
  });

  it('maps a continent name to its alphabetically first state at level 2', () => {
    expect(classOf('angry', ATLAS, 2)).toBe('annoyance');
    expect(classOf('afraid', ATLAS, 2)).toBe('fright');
    expect(classOf('sad', ATLAS, 2)).toBe('anguish');
    expect(classOf('disgusted', ATLAS, 2)).toBe('abhorrence');
    expect(classOf('amused', ATLAS, 2)).toBe('amusement');
  });

  it('leaves out emotions the Atlas does not chart', () => {
    for (const word of ['surprised', 'contemptuous', 'hateful', 'loving', 'hopeful']) {
      expect([word, classOf(word, ATLAS)]).toEqual([word, undefined]);
    }
  });
});

describe('Geneva and Atlas wheels together', () => {
  it('maps every level-2 and level-3 word to its own level-2 class', () => {
    for (const index of [GENEVA, ATLAS]) {
      for (const row of builtinWheels()[index]!.tree.rows) {
        for (const word of [row.level2, row.level3].filter((w) => w !== '')) {
          expect([word, classOf(word, index, 2)]).toEqual([word, row.level2]);
        }
      }
    }
  });

  it('gives lexicon entries a class in the new wheels where one fits', () => {
    const lexicon = builtinLexicon();
    const placed = (index: number) =>
      lexicon.filter((entry) => entry.classes[index]!.level1 !== undefined).length;
    expect(lexicon[0]!.classes.map((item) => item.wheel)).toEqual([
      'feeling-wheel',
      'plutchik',
      'parrott',
      'geneva',
      'atlas',
    ]);
    expect(placed(GENEVA)).toBeGreaterThan(lexicon.length / 2);
    expect(placed(ATLAS)).toBeGreaterThan(lexicon.length / 3);
  });

  it('scores a sample over five wheels, skipping wheels where the truth has no class', () => {
    // `happy` has a class in all five wheels; `surprised` has none in the feeling wheel, the
    // Geneva wheel or the Atlas wheel, so that sample counts in Plutchik and Parrott only.
    const score = scoreEmotionWheel(['[happy]', '[surprised]'], ['[glad]', '[amazed]']);
    expect(score.perWheel.map((wheel) => wheel.wheel)).toEqual([
      'feeling-wheel',
      'plutchik',
      'parrott',
      'geneva',
      'atlas',
    ]);
    expect(score.perWheel.map((wheel) => wheel.samples)).toEqual([1, 2, 2, 1, 1]);
    expect(score.f).toBe(1);
  });
});
