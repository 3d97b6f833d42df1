import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../test/corpus.js';
import { byteToChar } from '../pipeline/byte-level-alphabet.js';
import { countWords } from './count-words.js';
import { trainBpe } from './train-bpe.js';

/**
 * Textbook BPE training, for reference: recount every pair from scratch before each merge, take
 * the most frequent (ties to the smaller ids), rewrite every word.
 */
function naiveMerges(texts: string[], vocabSize: number, minFrequency: number): string[] {
  const tokens = [...byteToChar].sort();
  const ids = new Map(tokens.map((token, id) => [token, id]));
  const words = [...countWords(texts, [])].map(([word, count]) => ({
    symbols: Array.from(word, (char) => ids.get(char)!),
    count,
  }));
  const merges: string[] = [];
  while (tokens.length < vocabSize) {
    const counts = new Map<string, number>();
    for (const { symbols, count } of words) {
      for (let index = 0; index < symbols.length - 1; index++) {
        const key = `${symbols[index]},${symbols[index + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    let best: [number, number, number] | undefined;
    for (const [key, count] of counts) {
      const [left, right] = key.split(',').map(Number) as [number, number];
      if (
        !best ||
        count > best[2] ||
        (count === best[2] && (left < best[0] || (left === best[0] && right < best[1])))
      ) {
        best = [left, right, count];
      }
    }
    if (!best || best[2] < minFrequency) break;
    const [left, right] = best;
    const merged = tokens[left]! + tokens[right]!;
    let newId = ids.get(merged);
    if (newId === undefined) {
      newId = tokens.length;
      tokens.push(merged);
      ids.set(merged, newId);
    }
    merges.push(`${tokens[left]} ${tokens[right]}`);
    for (const word of words) {
      const next: number[] = [];
      for (let index = 0; index < word.symbols.length; index++) {
        if (word.symbols[index] === left && word.symbols[index + 1] === right) {
          next.push(newId);
          index++;
        } else next.push(word.symbols[index]!);
      }
      word.symbols = next;
    }
  }
  return merges;
}

describe('incremental pair counting', () => {
  it('learns exactly the merges of textbook BPE', () => {
    const texts = buildCorpus({ bytes: 15_000, seed: 21 });
    texts.push('aaaaaaa bbbbbb abababab aaaa');
    const expected = naiveMerges(texts, 420, 2);
    const merges = trainBpe(texts, { vocabSize: 420 })
      .toJSON()
      .model.merges.map((merge) => (merge as string[]).join(' '));
    expect(merges.length).toBeGreaterThan(100);
    expect(merges).toEqual(expected);
  });
});
