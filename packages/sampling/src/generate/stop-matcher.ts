import type { FinishReason, GenerationTokenizer } from './generate-types.js';

/** What {@link StopMatcher} needs to decide when a sequence is finished. */
export interface StopMatcherOptions {
  /** End-of-sequence ids. */
  eosTokenIds: ReadonlyArray<number>;
  /** String stop sequences (matched in decoded text). */
  stopStrings: ReadonlyArray<string>;
  /** Token-id stop sequences (matched at the end of the completion). */
  stopTokenSequences: ReadonlyArray<ReadonlyArray<number>>;
  /** Step limit. */
  maxNewTokens: number;
  /** Tokenizer, needed only for string stops and text. */
  tokenizer?: GenerationTokenizer;
}

/**
 * Decides, after each new token, whether a completion is finished and why (end-of-sequence
 * first, then a stop sequence, then the length limit), and produces its final text.
 */
export class StopMatcher {
  readonly #options: StopMatcherOptions;
  /** Per row: end of the earliest string-stop match in the decoded text, once found. */
  readonly #textEnd = new Map<number, number>();

  constructor(options: StopMatcherOptions) {
    this.#options = options;
  }

  /** The finish reason of `completion` (row `row`), or `undefined` while it goes on. */
  check(row: number, completion: ReadonlyArray<number>): FinishReason | undefined {
    const { eosTokenIds, stopStrings, stopTokenSequences, maxNewTokens, tokenizer } = this.#options;
    if (eosTokenIds.includes(completion[completion.length - 1]!)) return 'eos';
    for (const sequence of stopTokenSequences) {
      const start = completion.length - sequence.length;
      if (start >= 0 && sequence.every((id, j) => completion[start + j] === id)) return 'stop';
    }
    if (stopStrings.length > 0 && tokenizer) {
      const text = tokenizer.decode([...completion]);
      let end = -1;
      for (const stop of stopStrings) {
        const at = text.indexOf(stop);
        if (at >= 0 && (end < 0 || at + stop.length < end)) end = at + stop.length;
      }
      if (end >= 0) {
        this.#textEnd.set(row, end);
        return 'stop';
      }
    }
    return completion.length >= maxNewTokens ? 'length' : undefined;
  }

  /**
   * The text of a finished completion: the decoded tokens without a final end-of-sequence
   * token, cut right after a matched stop string.
   */
  text(row: number, completion: ReadonlyArray<number>, reason: FinishReason): string | undefined {
    const { tokenizer } = this.#options;
    if (!tokenizer) return undefined;
    const ids = reason === 'eos' ? completion.slice(0, -1) : [...completion];
    const text = tokenizer.decode(ids);
    const end = this.#textEnd.get(row);
    return end === undefined ? text : text.slice(0, end);
  }
}
