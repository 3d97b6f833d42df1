import { type EmotionWheelSet, labelKeyIndex } from './emotion-wheel-set.js';
import { type LabelField, normalizeLabels } from './parse-label-list.js';

/**
 * The form-key indices of many samples in one flat array: sample `i` owns
 * `keys[offsets[i]..offsets[i + 1])`. Unknown labels are already dropped.
 */
export interface EncodedSamples {
  /** Key indices of all samples, concatenated. */
  readonly keys: Int32Array;
  /** Start of each sample in `keys`, plus the total length at the end. */
  readonly offsets: Int32Array;
  /** The largest number of keys of one sample. */
  readonly maxLength: number;
}

/**
 * Parses label fields (official list semantics, then lower-case and strip) and encodes them as
 * {@link EncodedSamples}. Pieces are looked up once per distinct raw text.
 *
 * @param set - The compiled resources.
 * @param fields - Label fields per sample.
 * @returns The flat encoding.
 */
export function encodeFields(set: EmotionWheelSet, fields: readonly LabelField[]): EncodedSamples {
  const cache = new Map<string, number>();
  const offsets = new Int32Array(fields.length + 1);
  let keys = new Int32Array(fields.length * 4 + 16);
  let length = 0;
  let maxLength = 0;
  const push = (key: number) => {
    if (key < 0) return;
    if (length === keys.length) {
      const grown = new Int32Array(keys.length * 2);
      grown.set(keys);
      keys = grown;
    }
    keys[length++] = key;
  };
  fields.forEach((field, index) => {
    offsets[index] = length;
    if (typeof field === 'string') {
      let start = field.startsWith('[') ? 1 : 0;
      const end = field.length > start && field.endsWith(']') ? field.length - 1 : field.length;
      for (let position = start; position <= end; position++) {
        const code = position < end ? field.charCodeAt(position) : 44;
        if (code !== 44 && code !== 39 && code !== 34) continue;
        const raw = field.slice(start, position);
        start = position + 1;
        let key = cache.get(raw);
        if (key === undefined) {
          const stripped = raw.trim();
          key = stripped === '' ? -1 : labelKeyIndex(set, stripped.toLowerCase().trim());
          cache.set(raw, key);
        }
        push(key);
      }
    } else {
      for (const label of normalizeLabels(field)) push(labelKeyIndex(set, label));
    }
    maxLength = Math.max(maxLength, length - offsets[index]!);
  });
  offsets[fields.length] = length;
  return { keys: keys.slice(0, length), offsets, maxLength };
}

/**
 * The key indices of one sample of an encoding.
 *
 * @param encoded - The encoding.
 * @param sample - The sample index.
 * @returns A view of the sample's keys.
 */
export function sampleKeys(encoded: EncodedSamples, sample: number): Int32Array {
  return encoded.keys.subarray(encoded.offsets[sample], encoded.offsets[sample + 1]);
}

/**
 * Per-wheel sums of the dataset metric for `wheel` mode: the sum of per-sample precision and
 * recall and the number of kept samples (ground truth maps to at least one class).
 *
 * @param set - The compiled resources.
 * @param truth - Encoded ground truth.
 * @param predicted - Encoded predictions, aligned with `truth`.
 * @param wheel - Zero-based wheel index.
 * @param level - 1 or 2.
 * @returns The sums and the count.
 */
export function wheelSums(
  set: EmotionWheelSet,
  truth: EncodedSamples,
  predicted: EncodedSamples,
  wheel: number,
  level: 1 | 2,
): { precisionSum: number; recallSum: number; samples: number } {
  const table = set.classIds[level - 1];
  const wheelCount = set.trees.length;
  const truthClasses = new Int32Array(Math.max(1, truth.maxLength));
  const predictedClasses = new Int32Array(Math.max(1, predicted.maxLength));
  let precisionSum = 0;
  let recallSum = 0;
  let samples = 0;
  const sampleCount = truth.offsets.length - 1;
  for (let sample = 0; sample < sampleCount; sample++) {
    const truthCount = collect(table, truth, sample, wheel, wheelCount, truthClasses);
    if (truthCount === 0) continue;
    samples++;
    const predictedCount = collect(table, predicted, sample, wheel, wheelCount, predictedClasses);
    if (predictedCount === 0) continue;
    let common = 0;
    for (let index = 0; index < predictedCount; index++) {
      if (contains(truthClasses, truthCount, predictedClasses[index]!)) common++;
    }
    precisionSum += common / predictedCount;
    recallSum += common / truthCount;
  }
  return { precisionSum, recallSum, samples };
}

function collect(
  table: Int32Array,
  encoded: EncodedSamples,
  sample: number,
  wheel: number,
  wheelCount: number,
  into: Int32Array,
): number {
  let count = 0;
  const end = encoded.offsets[sample + 1]!;
  for (let position = encoded.offsets[sample]!; position < end; position++) {
    const id = table[encoded.keys[position]! * wheelCount + wheel]!;
    if (id >= 0 && !contains(into, count, id)) into[count++] = id;
  }
  return count;
}

function contains(values: Int32Array, count: number, value: number): boolean {
  for (let index = 0; index < count; index++) if (values[index] === value) return true;
  return false;
}
