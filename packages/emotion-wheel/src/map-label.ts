import { invalidArgument } from '@r1kit/core';
import { type EmotionWheelSet, labelKeyIndex } from './emotion-wheel-set.js';

/**
 * How a label is grouped: `wheel` is the EW metric proper (official `case3`), `form` groups word
 * forms only (`case1`, OV-MER "M1"), `synonym` adds synonym grouping (`case2`, "M2").
 *
 * @category Wheels
 */
export type MappingMode = 'wheel' | 'form' | 'synonym';

/**
 * Options for {@link mapLabel}.
 *
 * @category Wheels
 */
export interface MapLabelOptions {
  /** The compiled resources. */
  readonly wheels: EmotionWheelSet;
  /** Zero-based wheel index (used in `wheel` mode). @defaultValue `0` */
  readonly wheel?: number;
  /** Wheel level, 1 (core) or 2 (middle ring). @defaultValue `1` */
  readonly level?: 1 | 2;
  /** Grouping mode. @defaultValue `'wheel'` */
  readonly mode?: MappingMode;
}

/**
 * Maps one label to its class with the official semantics. The label is lower-cased and
 * stripped first. Returns `undefined` when the metric drops the label (unknown word, or nothing
 * reachable in this wheel).
 *
 * @param label - One label, e.g. `"Happiness"`.
 * @param options - Resources, wheel, level and mode.
 * @returns The class name, or `undefined`.
 *
 * @example
 * ```ts
 * import { builtinWheelSet, mapLabel } from '@r1kit/emotion-wheel';
 * mapLabel('happiness', { wheels: builtinWheelSet(), wheel: 0, level: 1 }); // 'joyful'
 * ```
 *
 * @category Wheels
 */
export function mapLabel(label: string, options: MapLabelOptions): string | undefined {
  const { wheels: set, wheel = 0, level = 1, mode = 'wheel' } = options;
  if (!Number.isInteger(wheel) || wheel < 0 || wheel >= set.trees.length) {
    throw invalidArgument({
      functionName: 'mapLabel',
      argument: 'options.wheel',
      received: wheel,
      expected: `an integer in [0, ${set.trees.length - 1}]`,
    });
  }
  if (level !== 1 && level !== 2) {
    throw invalidArgument({
      functionName: 'mapLabel',
      argument: 'options.level',
      received: level,
      expected: '1 or 2',
    });
  }
  const key = labelKeyIndex(set, label.toLowerCase().trim());
  if (key < 0) return undefined;
  if (mode === 'wheel') {
    const id = set.classIds[level - 1][key * set.trees.length + wheel]!;
    return id < 0 ? undefined : set.classNames[level - 1][wheel]![id];
  }
  const formKey = set.keys[key]!;
  const name = [...(set.forms.get(formKey) ?? [])].sort()[0];
  if (mode === 'form' || name === undefined) return name;
  return [...(set.synonyms.get(name) ?? [])].sort()[0];
}
