/** Pair keys are `left * pairBase + right`. */
const pairBase = 2 ** 21;

/** Pair counts of a word list, kept up to date as pairs are merged. */
export interface PairTable {
  /** Pair key to its weighted count over all words. */
  counts: Map<number, number>;
  /** Splits a pair key into its left and right ids. */
  split(key: number): [number, number];
  /**
   * Replaces every occurrence of the pair `key` by `newId` in the words that contain it.
   *
   * @returns The pairs that involve `newId`, with their counts after the merge.
   */
  merge(key: number, newId: number): Map<number, number>;
}

/**
 * Counts adjacent symbol pairs over words (weighted by word frequency) and indexes which words
 * contain each pair, so that a merge only revisits those words.
 *
 * @param words - Words as symbol ids; rewritten in place by `merge`.
 * @param frequencies - How often each word occurs.
 * @returns The pair table.
 */
export function mergePairs(words: Int32Array[], frequencies: number[]): PairTable {
  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const add = (
    word: Int32Array,
    index: number,
    weight: number,
    track: Map<number, number> | null,
  ) => {
    for (let position = 0; position < word.length - 1; position++) {
      const key = word[position]! * pairBase + word[position + 1]!;
      const count = (counts.get(key) ?? 0) + weight;
      if (count === 0) counts.delete(key);
      else counts.set(key, count);
      if (weight > 0) {
        let set = where.get(key);
        if (set === undefined) {
          set = new Set();
          where.set(key, set);
        }
        set.add(index);
        track?.set(key, count);
      }
    }
  };
  for (let index = 0; index < words.length; index++)
    add(words[index]!, index, frequencies[index]!, null);
  return {
    counts,
    split: (key) => [Math.floor(key / pairBase), key % pairBase],
    merge(key, newId) {
      const left = Math.floor(key / pairBase);
      const right = key % pairBase;
      const touched = new Map<number, number>();
      const indices = where.get(key) ?? new Set<number>();
      where.delete(key);
      for (const index of indices) {
        const word = words[index]!;
        let found = false;
        for (let position = 0; position < word.length - 1; position++) {
          if (word[position] === left && word[position + 1] === right) found = true;
        }
        if (!found) continue;
        const frequency = frequencies[index]!;
        add(word, index, -frequency, null);
        const next: number[] = [];
        for (let position = 0; position < word.length; position++) {
          if (
            position < word.length - 1 &&
            word[position] === left &&
            word[position + 1] === right
          ) {
            next.push(newId);
            position++;
          } else next.push(word[position]!);
        }
        const rewritten = Int32Array.from(next);
        words[index] = rewritten;
        add(rewritten, index, frequency, touched);
      }
      const result = new Map<number, number>();
      for (const pair of touched.keys()) {
        const pairLeft = Math.floor(pair / pairBase);
        if (pairLeft === newId || pair % pairBase === newId)
          result.set(pair, counts.get(pair) ?? 0);
      }
      return result;
    },
  };
}
