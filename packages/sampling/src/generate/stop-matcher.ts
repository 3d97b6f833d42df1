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
  maxCompletionLength: number;
  /** Tokenizer, needed only for string stops and text. */
  tokenizer?: GenerationTokenizer;
}

/**
 * Decides, after each new token, whether a completion is finished and why (end-of-sequence
 * first, then a stop sequence, then the length limit), and produces its final text.
 */
export class StopMatcher {
  readonly #options: StopMatcherOptions;
  /** Tokens decoded to look for a string stop: enough for the longest one, plus a margin. */
  readonly #window: number;

  constructor(options: StopMatcherOptions) {
    this.#options = options;
    this.#window = Math.max(0, ...options.stopStrings.map((stop) => stop.length)) + 8;
  }

  /**
   * The finish reason of `completion`, or `undefined` while it goes on. String stops are
   * looked for in the decoded text of the last few tokens only, so each check costs the same
   * however long the completion is.
   */
  check(completion: ReadonlyArray<number>): FinishReason | undefined {
    const { eosTokenIds, stopStrings, stopTokenSequences, maxCompletionLength, tokenizer } =
      this.#options;
    if (eosTokenIds.includes(completion[completion.length - 1]!)) return 'eos';
    for (const sequence of stopTokenSequences) {
      const start = completion.length - sequence.length;
      if (start >= 0 && sequence.every((id, j) => completion[start + j] === id)) return 'stop';
    }
    if (stopStrings.length > 0 && tokenizer) {
      const tail = tokenizer.decode(completion.slice(-this.#window));
      if (stopStrings.some((stop) => tail.includes(stop))) return 'stop';
    }
    return completion.length >= maxCompletionLength ? 'length' : undefined;
  }

  /**
   * The text of a finished completion: the decoded tokens without a final end-of-sequence
   * token, cut right after the earliest stop string when the completion stopped on one.
   */
  text(completion: ReadonlyArray<number>, reason: FinishReason): string | undefined {
    const { tokenizer, stopStrings } = this.#options;
    if (!tokenizer) return undefined;
    const ids = reason === 'eos' ? completion.slice(0, -1) : [...completion];
    const text = tokenizer.decode(ids);
    if (reason !== 'stop') return text;
    let end = -1;
    for (const stop of stopStrings) {
      const at = text.indexOf(stop);
      if (at >= 0 && (end < 0 || at + stop.length < end)) end = at + stop.length;
    }
    return end < 0 ? text : text.slice(0, end);
  }
}
