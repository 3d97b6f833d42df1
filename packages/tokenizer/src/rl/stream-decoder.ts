import type { DecodeOptions, Tokenizer } from '../tokenizer.js';

/**
 * Turns generated ids into text incrementally, for streaming. A token that ends inside a
 * multi-byte UTF-8 character (a byte-level token holding half of a Chinese character or an
 * emoji) yields nothing until the character is complete, so no chunk contains half a character.
 *
 * @example
 * ```ts
 * import { StreamDecoder, trainBpe } from '@r1kit/tokenizer';
 * const tokenizer = trainBpe(['héllo wörld'], { vocabSize: 270 });
 * const ids = tokenizer.encode('héllo wörld');
 * const stream = new StreamDecoder(tokenizer);
 * let text = '';
 * for (const id of ids) text += stream.push(id);
 * text += stream.flush();
 * console.log(text === tokenizer.decode(ids)); // true: no half character is ever emitted
 * ```
 *
 * @category Tokenizer
 */
export class StreamDecoder {
  private ids: number[] = [];
  private prefixText = '';
  private readIndex = 0;

  /**
   * Creates a decoder for one generated sequence.
   *
   * @param tokenizer - The tokenizer that produced the ids.
   * @param options - Decoding options, as for `tokenizer.decode`.
   */
  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly options: DecodeOptions = {},
  ) {}

  /**
   * Adds one generated id.
   *
   * @param id - The id.
   * @returns The new complete text, possibly empty.
   */
  push(id: number): string {
    this.ids.push(id);
    const text = this.tokenizer.decode(this.ids, this.options);
    if (text.length <= this.prefixText.length || text.endsWith('\ufffd')) return '';
    const added = text.slice(this.prefixText.length);
    this.ids = this.ids.slice(this.readIndex);
    this.prefixText = this.tokenizer.decode(this.ids, this.options);
    this.readIndex = this.ids.length;
    return added;
  }

  /**
   * Ends the sequence, returning whatever was held back (invalid trailing bytes become U+FFFD).
   *
   * @returns The remaining text.
   */
  flush(): string {
    const text = this.tokenizer.decode(this.ids, this.options);
    const rest = text.length > this.prefixText.length ? text.slice(this.prefixText.length) : '';
    this.ids = [];
    this.prefixText = '';
    this.readIndex = 0;
    return rest;
  }
}
