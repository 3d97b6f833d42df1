/**
 * One row of an emotion wheel: a path from the core (level 1) through the middle ring (level 2)
 * to an outer word (level 3). A wheel without an outer ring leaves `level3` empty.
 *
 * @category Wheels
 */
export interface WheelRow {
  /** The core (innermost) word, e.g. `happy`. */
  readonly level1: string;
  /** The middle-ring word, e.g. `joyful`. */
  readonly level2: string;
  /** The outer-ring word, e.g. `cheerful`; empty when the wheel has no outer ring. */
  readonly level3: string;
}

/**
 * An emotion wheel as rows, in file order (the order matters: a word placed twice keeps its
 * last placement, as in the official code).
 *
 * @category Wheels
 */
export interface WheelTree {
  /** A short name, e.g. `wheel1` or `plutchik`. */
  readonly name: string;
  /** The rows in order. Words are expected lower-case and stripped. */
  readonly rows: readonly WheelRow[];
}

/**
 * The word-to-class maps of one wheel at levels 1 and 2.
 *
 * @category Wheels
 */
export interface WheelClusterMaps {
  /** Every word of the wheel mapped to its core (level-1) word. */
  readonly level1: ReadonlyMap<string, string>;
  /** Every word mapped to its middle-ring (level-2) word; a core word maps to its alphabetically first child. */
  readonly level2: ReadonlyMap<string, string>;
}

/**
 * Builds the level-1 and level-2 cluster maps of a wheel with the official semantics: the tree
 * is walked in insertion order and later assignments overwrite earlier ones; at level 2 a core
 * word maps to the alphabetically first of its level-2 children.
 *
 * @param tree - The wheel rows.
 * @returns The two cluster maps.
 *
 * @example
 * ```ts
 * import { wheelClusterMaps } from '@r1kit/emotion-wheel';
 * const maps = wheelClusterMaps({

 *   name: 'tiny',
 *   rows: [{ level1: 'happy', level2: 'joyful', level3: 'cheerful' }],
 * });
 * maps.level1.get('cheerful'); // 'happy'
 * ```
 *
 * @category Wheels
 */
export function wheelClusterMaps(tree: WheelTree): WheelClusterMaps {
  const nested = new Map<string, Map<string, string[]>>();
  for (const row of tree.rows) {
    let middle = nested.get(row.level1);
    if (!middle) {
      middle = new Map();
      nested.set(row.level1, middle);
    }
    let outer = middle.get(row.level2);
    if (!outer) {
      outer = [];
      middle.set(row.level2, outer);
    }
    if (row.level3 !== '') outer.push(row.level3);
  }
  const level1 = new Map<string, string>();
  const level2 = new Map<string, string>();
  for (const [core, middle] of nested) {
    level1.set(core, core);
    level2.set(core, [...middle.keys()].sort()[0]!);
    for (const [middleWord, outer] of middle) {
      level1.set(middleWord, core);
      level2.set(middleWord, middleWord);
      for (const outerWord of outer) {
        level1.set(outerWord, core);
        level2.set(outerWord, middleWord);
      }
    }
  }
  return { level1, level2 };
}
