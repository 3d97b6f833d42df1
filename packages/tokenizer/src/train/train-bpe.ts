import { invalidArgument } from '@r1kit/core';
import type { TokenizerJson } from '../json/tokenizer-json.js';
import { BinaryHeap } from '../model/binary-heap.js';
import { byteToChar } from '../pipeline/byte-level-alphabet.js';
import { Tokenizer } from '../tokenizer.js';
import { countWords } from './count-words.js';
import { mergePairs } from './merge-pairs.js';
import { specialAddedTokens } from './special-added-tokens.js';

/**
 * Progress of {@link trainBpe}, reported through `onProgress`.
 *
 * @category Training
 */
export interface TrainBpeProgress {
  /** Merges learned so far. */
  merges: number;
  /** Merges needed to reach `vocabSize`. */
  targetMerges: number;
  /** Distinct pre-tokenized words in the corpus. */
  words: number;
}

/**
 * Options for {@link trainBpe}.
 *
 * @category Training
 */
export interface TrainBpeOptions {
  /** Size of the vocabulary to learn, counting special tokens and the 256 byte tokens. */
  vocabSize: number;
  /**
   * Special tokens, given ids `0..n-1` in this order and never split or merged.
   *
   * @defaultValue `[]`
   */
  specialTokens?: readonly string[];
  /**
   * A pair must occur at least this many times to be merged; training stops earlier otherwise.
   *
   * @defaultValue `2`
   */
  minFrequency?: number;
  /**
   * Byte-level BPE (the GPT-2 alphabet of 256 byte tokens). Only `true` is supported.
   *
   * @defaultValue `true`
   */
  byteLevel?: boolean;
  /**
   * Called every 100 merges and at the end.
   *
   * @defaultValue none
   */
  onProgress?: (progress: TrainBpeProgress) => void;
}

/**
 * Learns a byte-level BPE tokenizer from texts. The result encodes and decodes like any loaded
 * tokenizer, and its `toJSON()` is a `tokenizer.json` that Hugging Face `tokenizers` loads and
 * encodes identically. Training is deterministic: the most frequent pair is merged first, ties
 * go to the pair of smaller ids.
 *
 * @param texts - The training corpus.
 * @param options - See {@link TrainBpeOptions}.
 * @returns The trained tokenizer.
 * @throws R1kitError `INVALID_ARGUMENT` for a vocabulary too small for the byte alphabet and
 *   special tokens, duplicate special tokens, or non-string texts.
 *
 * @example
 * ```ts
 * import { trainBpe } from '@r1kit/tokenizer';
 * const tokenizer = trainBpe(['the cat sat on the mat', 'the dog sat'], {
 *   vocabSize: 300,
 *   specialTokens: ['<|im_start|>', '<|im_end|>'],
 * });
 * tokenizer.decode(tokenizer.encode('<|im_start|>the cat')); // '<|im_start|>the cat'
 * ```
 *
 * @category Training
 */
export function trainBpe(texts: Iterable<string>, options: TrainBpeOptions): Tokenizer {
  const specialTokens = [...(options.specialTokens ?? [])];
  validate(texts, options, specialTokens);
  const minFrequency = options.minFrequency ?? 2;
  const tokens = [...specialTokens, ...[...byteToChar].sort()];
  const ids = new Map(tokens.map((token, id) => [token, id]));
  const counts = countWords(texts, specialTokens);
  const words: Int32Array[] = [];
  const frequencies: number[] = [];
  for (const [word, count] of counts) {
    words.push(Int32Array.from(Array.from(word), (char) => ids.get(char)!));
    frequencies.push(count);
  }
  const pairs = mergePairs(words, frequencies, options.vocabSize);
  const heap = new BinaryHeap<[number, number]>((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [key, count] of pairs.counts) heap.push([count, key]);
  const targetMerges = options.vocabSize - tokens.length;
  let learned = 0;
  const merges: Array<[string, string]> = [];
  const report = () => options.onProgress?.({ merges: learned, targetMerges, words: words.length });
  while (tokens.length < options.vocabSize && heap.size > 0) {
    const [count, key] = heap.pop()!;
    const current = pairs.counts.get(key) ?? 0;
    if (current !== count) {
      if (current > 0) heap.push([current, key]);
      continue;
    }
    if (count < minFrequency || count === 0) break;
    const [left, right] = pairs.split(key);
    const merged = tokens[left]! + tokens[right]!;
    let newId = ids.get(merged);
    if (newId === undefined) {
      newId = tokens.length;
      tokens.push(merged);
      ids.set(merged, newId);
    }
    merges.push([tokens[left]!, tokens[right]!]);
    for (const [newKey, newCount] of pairs.merge(key, newId)) heap.push([newCount, newKey]);
    learned++;
    if (learned % 100 === 0) report();
  }
  report();
  return Tokenizer.fromJSON(tokenizerJson(tokens, merges, specialTokens));
}

function validate(
  texts: Iterable<string>,
  options: TrainBpeOptions,
  specialTokens: string[],
): void {
  const fail = (argument: string, received: unknown, expected: string) => {
    throw invalidArgument({ functionName: 'trainBpe', argument, received, expected });
  };
  if (texts === null || typeof (texts as Iterable<string>)[Symbol.iterator] !== 'function') {
    fail('texts', texts, 'an iterable of strings');
  }
  if (options?.byteLevel === false)
    fail('options.byteLevel', false, 'true (only byte-level BPE is supported)');
  if (
    new Set(specialTokens).size !== specialTokens.length ||
    specialTokens.some((token) => typeof token !== 'string' || token === '')
  ) {
    fail('options.specialTokens', specialTokens, 'distinct non-empty strings');
  }
  const minimum = 256 + specialTokens.length;
  if (!Number.isInteger(options?.vocabSize) || options.vocabSize < minimum) {
    fail(
      'options.vocabSize',
      options?.vocabSize,
      `an integer >= ${minimum} (256 byte tokens + ${specialTokens.length} special tokens)`,
    );
  }
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(minFrequency) || minFrequency < 1) {
    fail('options.minFrequency', options.minFrequency, 'a positive integer');
  }
}

/** The `tokenizer.json` document of a trained byte-level BPE. */
function tokenizerJson(
  tokens: string[],
  merges: Array<[string, string]>,
  specialTokens: string[],
): TokenizerJson {
  const byteLevel = {
    type: 'ByteLevel',
    add_prefix_space: false,
    trim_offsets: true,
    use_regex: true,
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialAddedTokens(specialTokens),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(tokens.map((token, id) => [token, id])),
      merges,
    },
  };
}
