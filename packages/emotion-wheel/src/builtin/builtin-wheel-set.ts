/// <reference path="../wink-lemmatizer.d.ts" />
import lemmatizer from 'wink-lemmatizer';
import { createEmotionWheelSet, type EmotionWheelSet } from '../emotion-wheel-set.js';
import type { WheelTree } from '../wheel-tree.js';
import { emotionGroups } from './builtin-lexicon-data.js';
import {
  feelingWheel,
  parrottWheel,
  plutchikWheel,
  type WheelData,
} from './builtin-wheels-data.js';
import { atlasWheel, genevaWheel } from './gew-atlas-wheels-data.js';

/** One lemma of the built-in lexicon with its forms and group number. */
export interface ParsedLemma {
  /** The lemma. */
  readonly lemma: string;
  /** Its listed word forms (not including the lemma). */
  readonly forms: readonly string[];
  /** Index of its synonym group in `emotionGroups`. */
  readonly group: number;
}

/** Parses the `"lemma: form, form"` strings of the built-in lexicon. */
export function parsedLemmas(): ParsedLemma[] {
  return emotionGroups.flatMap((group, index) =>
    group.map((entry) => {
      const [lemma, forms = ''] = entry.split(':');
      return {
        lemma: lemma!.trim(),
        forms: forms
          .split(',')
          .map((form) => form.trim())
          .filter((form) => form !== ''),
        group: index,
      };
    }),
  );
}

/** Converts nested wheel data into rows. */
function treeOf(name: string, data: WheelData): WheelTree {
  const rows = Object.entries(data).flatMap(([level1, middle]) =>
    Object.entries(middle).flatMap(([level2, outer]) =>
      outer.length === 0
        ? [{ level1, level2, level3: '' }]
        : outer.map((level3) => ({ level1, level2, level3 })),
    ),
  );
  return { name, rows };
}

/** The built-in wheel trees, in report order. */
export function builtinTrees(): WheelTree[] {
  return [
    treeOf('feeling-wheel', feelingWheel),
    treeOf('plutchik', plutchikWheel),
    treeOf('parrott', parrottWheel),
    treeOf('geneva', genevaWheel),
    treeOf('atlas', atlasWheel),
  ];
}

const intensifiers =
  /^(?:very|really|quite|slightly|somewhat|extremely|deeply|a bit|a little|highly|mildly|so|too|feeling|feel|feels)\s+/;

let cached: EmotionWheelSet | undefined;

/**
 * The built-in resources: five wheels written for r1kit (a feeling wheel after Willcox,
 * Plutchik's wheel, Parrott's tree, a wheel after Scherer's Geneva Emotion Wheel whose level 1 is
 * the valence x control quadrant, and a wheel after Ekman and Ekman's Atlas of Emotions whose
 * level 1 is the continent), a hand-written synonym and word-form lexicon, and
 * wink-lemmatizer for inflections it does not list; one leading intensifier (`very`,
 * `slightly`, ...) is also ignored. Deterministic and offline. Scores computed with these are
 * **not comparable to paper numbers**; load the official files with `loadOfficialWheels` for that.
 *
 * @returns The compiled set (built once, then cached).
 *
 * @example
 * ```ts
 * import { builtinWheelSet, mapLabel } from '@r1kit/emotion-wheel';
 * mapLabel('happier', { wheels: builtinWheelSet(), wheel: 0 }); // 'joyful'
 * ```
 *
 * @category Wheels
 */
export function builtinWheelSet(): EmotionWheelSet {
  if (cached) return cached;
  const trees = builtinTrees();
  const wheelWords = new Set(
    trees.flatMap((tree) => tree.rows.flatMap((row) => [row.level1, row.level2, row.level3])),
  );
  const lemmas = parsedLemmas();
  const groupWheelWords = new Map<number, string[]>();
  for (const entry of lemmas) {
    const found = [entry.lemma, ...entry.forms].filter((word) => wheelWords.has(word));
    groupWheelWords.set(entry.group, [...(groupWheelWords.get(entry.group) ?? []), ...found]);
  }
  const forms = new Map<string, string[]>();
  const synonyms = new Map<string, string[]>();
  for (const entry of lemmas) {
    for (const form of [entry.lemma, ...entry.forms]) {
      forms.set(form, [...(forms.get(form) ?? []), entry.lemma]);
    }
    synonyms.set(entry.lemma, [...new Set(groupWheelWords.get(entry.group))].sort());
  }
  const resolveUnknown = (label: string): string | undefined => {
    const stripped = label.replace(intensifiers, '');
    const candidates = [
      stripped,
      lemmatizer.adjective(stripped),
      lemmatizer.verb(stripped),
      lemmatizer.noun(stripped),
    ];
    return candidates.find((candidate) => forms.has(candidate));
  };
  cached = createEmotionWheelSet(
    { trees, forms, synonyms },
    { source: 'builtin', variant: 'mer2026', resolveUnknown },
  );
  return cached;
}
