import { mapLabel } from '../map-label.js';
import type { WheelTree } from '../wheel-tree.js';
import { builtinTrees, builtinWheelSet, parsedLemmas } from './builtin-wheel-set.js';

/**
 * One built-in wheel with its word lists.
 *
 * @category Wheels
 */
export interface BuiltinWheel {
  /** The wheel's name: `feeling-wheel`, `plutchik`, `parrott`, `geneva` or `atlas`. */
  readonly name: string;
  /** The rows of the wheel. */
  readonly tree: WheelTree;
  /** Core (level-1) words, in wheel order. */
  readonly level1: readonly string[];
  /** Middle-ring (level-2) words, in wheel order. */
  readonly level2: readonly string[];
  /** Outer-ring (level-3) words, in wheel order (may be empty). */
  readonly level3: readonly string[];
}

/**
 * The class a word takes in one built-in wheel.
 *
 * @category Wheels
 */
export interface LexiconClass {
  /** The wheel's name. */
  readonly wheel: string;
  /** Level-1 class, or `undefined` when the word has no class in this wheel. */
  readonly level1: string | undefined;
  /** Level-2 class, or `undefined` when the word has no class in this wheel. */
  readonly level2: string | undefined;
}

/**
 * One emotion word of the built-in lexicon, with the words a data generator may use in its
 * place: every synonym and form maps to the same class as `word` in every built-in wheel.
 *
 * @category Wheels
 */
export interface LexiconEntry {
  /** The emotion word (a lemma, usually an adjective such as `anxious`). */
  readonly word: string;
  /** Other lemmas of its synonym group (`nervous`, `worried`, ...). */
  readonly synonyms: readonly string[];
  /** Its listed word forms (`anxiety`, `anxiously`). */
  readonly forms: readonly string[];
  /** Its class in each built-in wheel. */
  readonly classes: readonly LexiconClass[];
}

function distinct(words: readonly string[]): string[] {
  return [...new Set(words.filter((word) => word !== ''))];
}

/**
 * The built-in wheels as data: each wheel's rows and its level-1, level-2 and level-3 words.
 *
 * @returns The five built-in wheels, in report order.
 *
 * @example
 * ```ts
 * import { builtinWheels } from '@r1kit/emotion-wheel';
 * builtinWheels()[0]!.level1; // ['mad', 'scared', 'joyful', 'powerful', 'peaceful', 'sad']
 * ```
 *
 * @category Wheels
 */
export function builtinWheels(): BuiltinWheel[] {
  return builtinTrees().map((tree) => ({
    name: tree.name,
    tree,
    level1: distinct(tree.rows.map((row) => row.level1)),
    level2: distinct(tree.rows.map((row) => row.level2)),
    level3: distinct(tree.rows.map((row) => row.level3)),
  }));
}

/**
 * The built-in lexicon as data: every emotion word with its synonyms, forms and wheel classes,
 * for data generators that want varied wordings of one emotion that the metric maps back to the
 * same class.
 *
 * @returns One entry per lemma, in lexicon order.
 *
 * @example
 * ```ts
 * import { builtinLexicon } from '@r1kit/emotion-wheel';
 * const anxious = builtinLexicon().find((entry) => entry.word === 'anxious')!;
 * anxious.forms; // ['anxiety', 'anxiously']
 * ```
 *
 * @category Wheels
 */
export function builtinLexicon(): LexiconEntry[] {
  const set = builtinWheelSet();
  const lemmas = parsedLemmas();
  return lemmas.map((entry) => ({
    word: entry.lemma,
    synonyms: lemmas
      .filter((other) => other.group === entry.group && other.lemma !== entry.lemma)
      .map((other) => other.lemma),
    forms: [...entry.forms],
    classes: set.trees.map((tree, wheel) => ({
      wheel: tree.name,
      level1: mapLabel(entry.lemma, { wheels: set, wheel, level: 1 }),
      level2: mapLabel(entry.lemma, { wheels: set, wheel, level: 2 }),
    })),
  }));
}
