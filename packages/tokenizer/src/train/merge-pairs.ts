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
 * @param pairBase - An integer above every id that will exist; pair keys are
 *   `left * pairBase + right`, small integers (fast map keys) for vocabularies up to 32k.
 * @returns The pair table.
 */
export function mergePairs(
  words: Int32Array[],
  frequencies: number[],
  pairBase: number,
): PairTable {
  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    for (let position = 0; position < word.length - 1; position++) {
      const key = word[position]! * pairBase + word[position + 1]!;
      counts.set(key, (counts.get(key) ?? 0) + frequencies[index]!);
      let set = where.get(key);
      if (set === undefined) {
        set = new Set();
        where.set(key, set);
      }
      set.add(index);
    }
  }
  return {
    counts,
    split: (key) => [Math.floor(key / pairBase), key % pairBase],
    merge(key, newId) {
      const left = Math.floor(key / pairBase);
      const right = key % pairBase;
      const touched = new Set<number>();
      const bump = (first: number, second: number, weight: number, index: number) => {
        const pair = first * pairBase + second;
        const count = (counts.get(pair) ?? 0) + weight;
        if (count <= 0) counts.delete(pair);
        else counts.set(pair, count);
        if (weight > 0) {
          touched.add(pair);
          let set = where.get(pair);
          if (set === undefined) {
            set = new Set();
            where.set(pair, set);
          }
          set.add(index);
        }
      };
      /** The next position at or after `from` where the pair starts in `word[0..end)`, or `end`. */
      const find = (word: Int32Array, from: number, end: number) => {
        let position = word.indexOf(left, from);
        while (position >= 0 && position < end - 1 && word[position + 1] !== right) {
          position = word.indexOf(left, position + 1);
        }
        return position < 0 || position >= end - 1 ? end : position;
      };
      for (const index of where.get(key) ?? []) {
        const word = words[index]!;
        const end = word.length;
        let read = find(word, 0, end);
        if (read === end) continue;
        const frequency = frequencies[index]!;
        let write = read;
        while (read < end) {
          if (write > 0) {
            const previous = word[write - 1]!;
            bump(previous, left, -frequency, index);
            bump(previous, newId, frequency, index);
          }
          if (read + 2 < end) {
            const next = word[read + 2]!;
            bump(right, next, -frequency, index);
            bump(newId, next, frequency, index);
          }
          word[write++] = newId;
          read += 2;
          const occurrence = find(word, read, end);
          word.copyWithin(write, read, occurrence);
          write += occurrence - read;
          read = occurrence;
        }
        words[index] = word.subarray(0, write);
      }
      where.delete(key);
      counts.delete(key);
      const result = new Map<number, number>();
      for (const pair of touched) result.set(pair, counts.get(pair) ?? 0);
      return result;
    },
  };
}
