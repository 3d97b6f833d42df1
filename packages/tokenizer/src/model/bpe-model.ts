import { R1kitError } from '@r1kit/core';
import type { BpeModelJson } from '../json/tokenizer-json.js';
import { applyMerges } from './apply-merges.js';
import { MergeTable } from './merge-table.js';

/** Cached words are dropped all at once past this many entries, to bound memory. */
const cacheLimit = 200_000;

/**
 * A byte-pair-encoding model: a vocabulary and ranked merges, applied to one pre-tokenized
 * piece at a time, with a cache of recent pieces.
 */
export class BpeModel {
  /** Token text to id. */
  readonly vocab: Map<string, number>;
  /** Id to token text. */
  readonly tokens: string[];
  /** Pair of ids to merge rank and merged id. */
  private readonly merges: MergeTable;
  private readonly cache = new Map<string, number[]>();
  private readonly unkId: number | undefined;
  /**
   * Id of every one-code-unit token, indexed by char code (-1 when absent): a fast path for
   * the initial symbols of byte-level words. `null` when a subword prefix or suffix is used.
   */
  private readonly singleUnitIds: Int32Array | null;

  /** Builds the model from the `model` section of a `tokenizer.json`. */
  constructor(private readonly json: BpeModelJson) {
    this.vocab = new Map(Object.entries(json.vocab));
    this.tokens = [];
    for (const [token, id] of this.vocab) this.tokens[id] = token;
    this.merges = new MergeTable(json.merges.length);
    const prefix = json.continuing_subword_prefix ?? '';
    json.merges.forEach((merge, rank) => {
      const [left, right] = typeof merge === 'string' ? splitMerge(merge) : merge;
      const leftId = this.vocab.get(left);
      const rightId = this.vocab.get(right);
      const mergedId = this.vocab.get(left + right.slice(prefix.length));
      if (leftId === undefined || rightId === undefined || mergedId === undefined) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `Tokenizer.fromJSON: merge ${rank} (${JSON.stringify(merge)}) uses a token missing from model.vocab`,
        });
      }
      this.merges.add(leftId, rightId, rank, mergedId);
    });
    const affixes = (json.continuing_subword_prefix ?? '') + (json.end_of_word_suffix ?? '');
    this.singleUnitIds = affixes === '' ? new Int32Array(0x10000).fill(-1) : null;
    if (this.singleUnitIds !== null) {
      for (const [token, id] of this.vocab) {
        const code = token.charCodeAt(0);
        if (token.length === 1 && (code < 0xd800 || code > 0xdfff)) this.singleUnitIds[code] = id;
      }
    }
    const unk = json.unk_token;
    this.unkId = unk === null || unk === undefined ? undefined : this.vocab.get(unk);
  }

  /**
   * Encodes one pre-tokenized piece.
   *
   * @param word - The piece (already byte-level mapped for byte-level models).
   * @returns The token ids.
   */
  encodeWord(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const ids = this.computeWord(word);
    if (this.cache.size >= cacheLimit) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  private computeWord(word: string): number[] {
    if (this.json.ignore_merges === true) {
      const whole = this.vocab.get(word);
      if (whole !== undefined) return [whole];
    }
    return applyMerges(this.initialSymbols(word), this.merges);
  }

  /** Splits a word into its initial symbols: characters, byte fallbacks or unknown tokens. */
  private initialSymbols(word: string): Int32Array {
    const fast = this.singleUnitIds;
    if (fast !== null) {
      const symbols = new Int32Array(word.length);
      let index = 0;
      while (index < word.length) {
        const id = fast[word.charCodeAt(index)]!;
        if (id < 0) break;
        symbols[index++] = id;
      }
      if (index === word.length) return symbols;
    }
    const prefix = this.json.continuing_subword_prefix ?? '';
    const suffix = this.json.end_of_word_suffix ?? '';
    const chars = Array.from(word);
    const out: number[] = [];
    let previousUnknown = false;
    chars.forEach((char, index) => {
      let symbol = index > 0 && prefix ? prefix + char : char;
      if (index === chars.length - 1 && suffix) symbol += suffix;
      const id = this.vocab.get(symbol);
      if (id !== undefined) {
        out.push(id);
        previousUnknown = false;
        return;
      }
      if (this.json.byte_fallback === true) {
        const bytes = new TextEncoder().encode(char);
        const byteIds = Array.from(bytes, (byte) => this.vocab.get(byteToken(byte)));
        if (byteIds.every((byteId) => byteId !== undefined)) {
          out.push(...(byteIds as number[]));
          previousUnknown = false;
          return;
        }
      }
      if (this.unkId === undefined) {
        throw new R1kitError({
          code: 'INVALID_ARGUMENT',
          message: `Tokenizer.encode: the character ${JSON.stringify(char)} is not in the vocabulary and the model has no unk_token`,
        });
      }
      if (!(previousUnknown && this.json.fuse_unk === true)) out.push(this.unkId);
      previousUnknown = true;
    });
    return Int32Array.from(out);
  }
}

/** The SentencePiece byte-fallback token for a byte, e.g. `<0x0A>`. */
export function byteToken(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/** Splits a `"left right"` merge string at its single space. */
function splitMerge(merge: string): [string, string] {
  const space = merge.indexOf(' ', 1);
  return [merge.slice(0, space), merge.slice(space + 1)];
}
