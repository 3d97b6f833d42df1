import { type EmotionWheelSet, labelKeyIndex } from './emotion-wheel-set.js';
import { type MappingMode, mapLabel } from './map-label.js';

/**
 * Turns normalised labels into form-key indices (dropping unknown labels), once per sample, so
 * that every wheel can reuse them.
 *
 * @param set - The compiled resources.
 * @param labels - Lower-cased, stripped labels.
 * @returns The key indices of the known labels.
 */
export function labelKeys(set: EmotionWheelSet, labels: readonly string[]): number[] {
  const keys: number[] = [];
  for (const label of labels) {
    const key = labelKeyIndex(set, label);
    if (key >= 0) keys.push(key);
  }
  return keys;
}

/**
 * The distinct classes (as ids, or names in the coarse modes) of a sample in one wheel and level.
 *
 * @param set - The compiled resources.
 * @param keys - Key indices from {@link labelKeys}.
 * @param wheel - Zero-based wheel index.
 * @param level - 1 or 2.
 * @param mode - Grouping mode.
 * @returns The distinct classes.
 */
export function sampleClasses(
  set: EmotionWheelSet,
  keys: ArrayLike<number>,
  wheel: number,
  level: 1 | 2,
  mode: MappingMode,
): (number | string)[] {
  const classes: (number | string)[] = [];
  if (mode !== 'wheel') {
    for (const key of Array.from(keys)) {
      const name = mapLabel(set.keys[key]!, { wheels: set, mode });
      if (name !== undefined && !classes.includes(name)) classes.push(name);
    }
    return classes;
  }
  const table = set.classIds[level - 1];
  const wheelCount = set.trees.length;
  for (let index = 0; index < keys.length; index++) {
    const id = table[keys[index]! * wheelCount + wheel]!;
    if (id >= 0 && !classes.includes(id)) classes.push(id);
  }
  return classes;
}

/**
 * The number of elements two small distinct-element arrays share.
 *
 * @param left - Distinct elements.
 * @param right - Distinct elements.
 * @returns The size of the intersection.
 */
export function overlap(left: readonly unknown[], right: readonly unknown[]): number {
  let count = 0;
  for (const item of left) if (right.includes(item)) count++;
  return count;
}
