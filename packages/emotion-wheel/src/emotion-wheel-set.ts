import { invalidArgument } from '@r1kit/core';
import { type WheelClusterMaps, type WheelTree, wheelClusterMaps } from './wheel-tree.js';

/**
 * Which published version of the metric a set of resources follows.
 *
 * - `affectgpt`: the AffectGPT / OV-MER / MER2025 code (NaN when a wheel has P + R = 0 or no usable sample).
 * - `mer2026`: the MERTools MER2026 Track 2 code (zero guards instead of NaN).
 *
 * @category Wheels
 */
export type EmotionWheelVariant = 'affectgpt' | 'mer2026';

/**
 * Inputs for {@link createEmotionWheelSet}: the three tables of the metric.
 *
 * @category Wheels
 */
export interface EmotionWheelSetInputs {
  /** The wheels, in the order they are reported. */
  readonly trees: readonly WheelTree[];
  /** Form map: each surface form (lower-case) to the names it is a form of. */
  readonly forms: ReadonlyMap<string, readonly string[]>;
  /** Synonym map: each name to the wheel words it stands for. */
  readonly synonyms: ReadonlyMap<string, readonly string[]>;
}

/**
 * Options for {@link createEmotionWheelSet}.
 *
 * @category Wheels
 */
export interface EmotionWheelSetOptions {
  /** Where the tables came from, shown in reports. @defaultValue `'custom'` */
  readonly source?: 'official' | 'builtin' | 'custom';
  /** Default metric version of scores computed with this set. @defaultValue `'affectgpt'` */
  readonly variant?: EmotionWheelVariant;
  /**
   * Called for a label that is not a form key; returns a form key to use instead (e.g. a lemma),
   * or `undefined` to drop the label. The official resources use none (exact lookup only).
   * @defaultValue `undefined`
   */
  readonly resolveUnknown?: (label: string) => string | undefined;
}

/**
 * The compiled resources of the emotion-wheel metric: wheels, form and synonym maps, and a
 * precomputed class for every form key in every wheel at both levels.
 *
 * @category Wheels
 */
export interface EmotionWheelSet {
  /** Where the tables came from. */
  readonly source: 'official' | 'builtin' | 'custom';
  /** Default metric version for scores computed with this set. */
  readonly variant: EmotionWheelVariant;
  /** The wheel trees, in report order. */
  readonly trees: readonly WheelTree[];
  /** The cluster maps of each wheel, aligned with `trees`. */
  readonly clusters: readonly WheelClusterMaps[];
  /** Form map (surface form to names). */
  readonly forms: ReadonlyMap<string, readonly string[]>;
  /** Synonym map (name to wheel words). */
  readonly synonyms: ReadonlyMap<string, readonly string[]>;
  /** Fallback for labels that are not form keys; see {@link EmotionWheelSetOptions.resolveUnknown}. */
  readonly resolveUnknown: ((label: string) => string | undefined) | undefined;
  /** Every form key, in index order. */
  readonly keys: readonly string[];
  /** Index of every form key into the class tables. */
  readonly keyIndex: ReadonlyMap<string, number>;
  /**
   * Class ids, `classIds[level - 1][key * wheels + wheel]`, -1 when the key has no class in that
   * wheel; ids index `classNames[level - 1][wheel]`.
   */
  readonly classIds: readonly [Int32Array, Int32Array];
  /** Class names per level and wheel. */
  readonly classNames: readonly [readonly string[][], readonly string[][]];
}

/**
 * Builds an {@link EmotionWheelSet} from wheel trees, a form map and a synonym map, following
 * the official lookup: a label is replaced by the union of the synonym sets of its names, and the
 * alphabetically first of those wheel words that the wheel contains decides the class.
 *
 * @param inputs - Trees, form map and synonym map.
 * @param options - Source, variant and unknown-label fallback.
 * @returns The compiled set.
 *
 * @example
 * ```ts
 * import { createEmotionWheelSet, mapLabel } from '@r1kit/emotion-wheel';
 * const set = createEmotionWheelSet({
 *   trees: [{ name: 'w', rows: [{ level1: 'happy', level2: 'joyful', level3: '' }] }],
 *   forms: new Map([['joy', ['joyful']], ['joyful', ['joyful']]]),
 *   synonyms: new Map([['joyful', ['joyful']]]),
 * });
 * mapLabel('joy', { wheels: set }); // 'happy'
 * ```
 *
 * @category Wheels
 */
export function createEmotionWheelSet(
  inputs: EmotionWheelSetInputs,
  options: EmotionWheelSetOptions = {},
): EmotionWheelSet {
  if (inputs.trees.length === 0) {
    throw invalidArgument({
      functionName: 'createEmotionWheelSet',
      argument: 'inputs.trees',
      received: inputs.trees,
      expected: 'at least one wheel',
    });
  }
  const clusters = inputs.trees.map((tree) => wheelClusterMaps(tree));
  const wheelCount = clusters.length;
  const keys = [...inputs.forms.keys()];
  const keyIndex = new Map(keys.map((key, index) => [key, index]));
  const classIds: [Int32Array, Int32Array] = [
    new Int32Array(keys.length * wheelCount).fill(-1),
    new Int32Array(keys.length * wheelCount).fill(-1),
  ];
  const classNames: [string[][], string[][]] = [clusters.map(() => []), clusters.map(() => [])];
  const idMaps = [
    clusters.map(() => new Map<string, number>()),
    clusters.map(() => new Map<string, number>()),
  ];
  keys.forEach((key, keyNumber) => {
    const reachable = reachableWheelWords(key, inputs.forms, inputs.synonyms);
    for (let level = 0; level < 2; level++) {
      for (let wheel = 0; wheel < wheelCount; wheel++) {
        const map = level === 0 ? clusters[wheel]!.level1 : clusters[wheel]!.level2;
        const word = reachable.find((candidate) => map.has(candidate));
        if (word === undefined) continue;
        const className = map.get(word)!;
        const ids = idMaps[level]![wheel]!;
        let id = ids.get(className);
        if (id === undefined) {
          id = ids.size;
          ids.set(className, id);
          classNames[level]![wheel]!.push(className);
        }
        classIds[level]![keyNumber * wheelCount + wheel] = id;
      }
    }
  });
  return {
    source: options.source ?? 'custom',
    variant: options.variant ?? 'affectgpt',
    trees: inputs.trees,
    clusters,
    forms: inputs.forms,
    synonyms: inputs.synonyms,
    resolveUnknown: options.resolveUnknown,
    keys,
    keyIndex,
    classIds,
    classNames,
  };
}

/** The sorted union of the synonym sets of every name a form key stands for. */
function reachableWheelWords(
  key: string,
  forms: ReadonlyMap<string, readonly string[]>,
  synonyms: ReadonlyMap<string, readonly string[]>,
): string[] {
  const words = new Set<string>();
  for (const name of forms.get(key) ?? []) {
    for (const word of synonyms.get(name) ?? []) words.add(word);
  }
  return [...words].sort();
}

/**
 * Looks up the form-key index of one normalised label, using the set's fallback for unknown
 * labels. Returns -1 for a label the metric drops.
 *
 * @param set - The compiled resources.
 * @param label - A lower-cased, stripped label.
 * @returns The key index, or -1.
 *
 * @example
 * ```ts
 * import { createEmotionWheelSet, labelKeyIndex } from '@r1kit/emotion-wheel';
 * const set = createEmotionWheelSet(
 *   {
 *     trees: [{ name: 'w', rows: [{ level1: 'happy', level2: 'joyful', level3: '' }] }],
 *     forms: new Map([['joy', ['joyful']]]),
 *     synonyms: new Map([['joyful', ['joyful']]]),
 *   },
 *   { resolveUnknown: (label) => (label === 'joys' ? 'joy' : undefined) },
 * );
 * labelKeyIndex(set, 'joy'); // 0
 * labelKeyIndex(set, 'joys'); // 0, through resolveUnknown
 * labelKeyIndex(set, 'sad'); // -1

 * ```
 *
 * @category Wheels
 */
export function labelKeyIndex(set: EmotionWheelSet, label: string): number {
  const index = set.keyIndex.get(label);
  if (index !== undefined) return index;
  if (set.resolveUnknown === undefined) return -1;
  const resolved = set.resolveUnknown(label);
  return resolved === undefined ? -1 : (set.keyIndex.get(resolved) ?? -1);
}
