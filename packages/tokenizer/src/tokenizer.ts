import { invalidArgument, R1kitError } from '@r1kit/core';
import { parseTokenizerJson, readTextFile } from './json/parse-tokenizer-json.js';
import type { AddedTokenJson, TokenizerJson } from './json/tokenizer-json.js';
import { BpeModel } from './model/bpe-model.js';
import { AddedTokenMatcher, type Segment } from './pipeline/added-tokens.js';
import { buildDecoder, type Decoder } from './pipeline/decoders.js';
import { buildNormalizer, type Normalizer } from './pipeline/normalizers.js';
import { buildPostProcessor, type PostProcessor } from './pipeline/post-processors.js';
import { buildPreTokenizer, type PreTokenizer } from './pipeline/pre-tokenizers.js';
import { type TokenizerConfig, tokenText } from './tokenizer-config.js';

/**
 * Options for {@link Tokenizer.encode} and {@link Tokenizer.encodeBatch}.
 *
 * @category Tokenizer
 */
export interface EncodeOptions {
  /**
   * Apply the post-processor (BOS/EOS template) of the `tokenizer.json`.
   *
   * @defaultValue `true`
   */
  addSpecialTokens?: boolean;
}

/**
 * Options for {@link Tokenizer.decode}.
 *
 * @category Tokenizer
 */
export interface DecodeOptions {
  /**
   * Drop special tokens (those marked `special` in `added_tokens`) from the text.
   *
   * @defaultValue `false`
   */
  skipSpecialTokens?: boolean;
}

/**
 * A BPE tokenizer that reads Hugging Face `tokenizer.json` files (byte-level: Qwen, LLaMA-3,
 * GPT-2 families; with byte fallback: Gemma 3) and produces the same ids as the Rust
 * `tokenizers` library.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { Tokenizer, trainBpe } from '@r1kit/tokenizer';
 * // Any Hugging Face tokenizer.json; here a small one trained on the spot.
 * const file = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'tokenizer.json');
 * writeFileSync(file, JSON.stringify(trainBpe(['Hello world'], { vocabSize: 270 }).toJSON()));
 * const tokenizer = await Tokenizer.fromFile(file);
 * const ids = tokenizer.encode('Hello world');
 * console.log(tokenizer.decode(ids)); // 'Hello world'
 * ```
 *
 * @category Tokenizer
 */
export class Tokenizer {
  /** The `tokenizer_config.json` given at load time (chat template, BOS/EOS/PAD tokens). */
  readonly config: TokenizerConfig;
  private readonly model: BpeModel;
  private readonly normalizer: Normalizer | null;
  private readonly preTokenizer: PreTokenizer | null;
  private readonly postProcessor: PostProcessor | null;
  private readonly decoder: Decoder;
  private readonly rawMatcher: AddedTokenMatcher;
  private readonly normalizedMatcher: AddedTokenMatcher;
  private readonly added = new Map<number, AddedTokenJson>();
  private readonly addedByContent = new Map<string, number>();
  private cachedVocabSize: number | undefined;

  private constructor(
    private readonly json: TokenizerJson,
    config: TokenizerConfig,
  ) {
    this.config = config;
    this.model = new BpeModel(json.model);
    this.normalizer = buildNormalizer(json.normalizer ?? null);
    this.preTokenizer = buildPreTokenizer(json.pre_tokenizer ?? null);
    this.postProcessor = buildPostProcessor(json.post_processor ?? null);
    this.decoder = buildDecoder(json.decoder ?? null);
    const addedTokens = json.added_tokens ?? [];
    for (const token of addedTokens) {
      this.added.set(token.id, token);
      this.addedByContent.set(token.content, token.id);
    }
    const normalize = this.normalizer ?? ((text: string) => text);
    this.rawMatcher = new AddedTokenMatcher(addedTokens.filter((token) => !token.normalized));
    this.normalizedMatcher = new AddedTokenMatcher(
      addedTokens
        .filter((token) => token.normalized)
        .map((token) => ({ ...token, content: normalize(token.content) })),
    );
  }

  /**
   * Loads a tokenizer from a parsed `tokenizer.json` document.
   *
   * @param json - The parsed `tokenizer.json` (or a JSON string of it).
   * @param config - The parsed `tokenizer_config.json`, for chat templates and special tokens.
   * @returns The tokenizer.
   * @throws R1kitError `UNSUPPORTED` for a model or component type that is not implemented
   *   (WordPiece, Unigram, ...), `PARSE_ERROR` for a malformed document.
   */
  static fromJSON(json: TokenizerJson | string, config: TokenizerConfig = {}): Tokenizer {
    return new Tokenizer(parseTokenizerJson(json), config);
  }

  /**
   * Loads a tokenizer from a `tokenizer.json` file, and the `tokenizer_config.json` beside it
   * when `configPath` is given.
   *
   * @param path - Path of the `tokenizer.json` file.
   * @param configPath - Optional path of a `tokenizer_config.json` file.
   * @returns The tokenizer.
   * @throws R1kitError `IO_ERROR` when a file cannot be read.
   */
  static async fromFile(path: string, configPath?: string): Promise<Tokenizer> {
    let config: TokenizerConfig = {};
    if (configPath !== undefined) {
      const text = await readTextFile(configPath);
      try {
        config = JSON.parse(text) as TokenizerConfig;
      } catch (cause) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `Tokenizer.fromFile: ${configPath} is not valid JSON (${(cause as Error).message}); restore the model's tokenizer_config.json`,
          cause,
        });
      }
      if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `Tokenizer.fromFile: ${configPath} holds ${JSON.stringify(config)}; expected a JSON object`,
        });
      }
    }
    const text = await readTextFile(path);
    try {
      return Tokenizer.fromJSON(text, config);
    } catch (error) {
      if (!R1kitError.isInstance(error)) throw error;
      throw new R1kitError({
        code: error.code,
        message: error.message.replace(/^Tokenizer\.fromJSON: /, `Tokenizer.fromFile: ${path}: `),
        cause: error,
      });
    }
  }

  /** The number of ids: the model vocabulary plus added tokens outside it. */
  get vocabSize(): number {
    if (this.cachedVocabSize === undefined) {
      let extra = 0;
      for (const id of this.added.keys()) if (this.model.tokens[id] === undefined) extra++;
      this.cachedVocabSize = this.model.vocab.size + extra;
    }
    return this.cachedVocabSize;
  }

  /**
   * Encodes text into token ids.
   *
   * @param text - The text.
   * @param options - See {@link EncodeOptions}.
   * @returns The ids, identical to Hugging Face `tokenizers` for supported files.
   */
  encode(text: string, options: EncodeOptions = {}): number[] {
    if (typeof text !== 'string') {
      throw invalidArgument({
        functionName: 'Tokenizer.encode',
        argument: 'text',
        received: text,
        expected: 'a string',
      });
    }
    const ids: number[] = [];
    this.segments(text).forEach((segment, index) => {
      if (segment.id !== undefined) {
        ids.push(segment.id);
        return;
      }
      const pieces = this.preTokenizer ? this.preTokenizer(segment.text, index) : [segment.text];
      for (const piece of pieces) for (const id of this.model.encodeWord(piece)) ids.push(id);
    });
    const addSpecialTokens = options.addSpecialTokens ?? true;
    return addSpecialTokens && this.postProcessor ? this.postProcessor(ids) : ids;
  }

  /**
   * Encodes several texts.
   *
   * @param texts - The texts.
   * @param options - See {@link EncodeOptions}.
   * @returns One id array per text.
   */
  encodeBatch(texts: readonly string[], options: EncodeOptions = {}): number[][] {
    if (!Array.isArray(texts)) {
      throw invalidArgument({
        functionName: 'Tokenizer.encodeBatch',
        argument: 'texts',
        received: texts,
        expected: 'an array of strings',
      });
    }
    return texts.map((text) => this.encode(text, options));
  }

  /** Splits text around added tokens (raw ones first, then normalized ones after normalizing). */
  private segments(text: string): Segment[] {
    const out: Segment[] = [];
    for (const segment of this.rawMatcher.split(text)) {
      if (segment.id !== undefined) {
        out.push(segment);
        continue;
      }
      const normalized = this.normalizer ? this.normalizer(segment.text) : segment.text;
      for (const part of this.normalizedMatcher.split(normalized)) out.push(part);
    }
    return out;
  }

  /**
   * Decodes ids into text: the tokens (added tokens as their text) go through the decoder of
   * the `tokenizer.json`, as in Hugging Face `tokenizers`.
   *
   * @param ids - Token ids (an array or a typed array such as a tensor's `dataSync()`).
   * @param options - See {@link DecodeOptions}.
   * @returns The text.
   * @throws R1kitError `INVALID_ARGUMENT` for an id outside the vocabulary.
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    if (!Array.isArray(ids) && !ArrayBuffer.isView(ids)) {
      throw invalidArgument({
        functionName: 'Tokenizer.decode',
        argument: 'ids',
        received: ids,
        expected: 'an array or typed array of token ids',
      });
    }
    const skip = options.skipSpecialTokens ?? false;
    const tokens: string[] = [];
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index]!;
      const added = this.added.get(id);
      if (added !== undefined) {
        if (!(skip && added.special)) tokens.push(added.content);
        continue;
      }
      const token = this.model.tokens[id];
      if (token === undefined) {
        throw invalidArgument({
          functionName: 'Tokenizer.decode',
          argument: 'ids',
          received: id,
          expected: `ids in [0, ${this.vocabSize})`,
        });
      }
      tokens.push(token);
    }
    return tokens.length === 0 ? '' : this.decoder(tokens).join('');
  }

  /**
   * The id of a token (an added token or a vocabulary entry, in its byte-level spelling).
   *
   * @param token - The token text, e.g. `<|im_end|>` or `Ġthe`.
   * @returns The id, or `undefined` when the token does not exist.
   */
  tokenToId(token: string): number | undefined {
    return this.addedByContent.get(token) ?? this.model.vocab.get(token);
  }

  /**
   * The text of a token id (its byte-level spelling for vocabulary entries).
   *
   * @param id - The id.
   * @returns The token, or `undefined` for an unknown id.
   */
  idToToken(id: number): string | undefined {
    return this.added.get(id)?.content ?? this.model.tokens[id];
  }

  /**
   * Whether an id is a special token (as marked in `added_tokens`).
   *
   * @param id - The id.
   * @returns `true` for special tokens.
   */
  isSpecialId(id: number): boolean {
    return this.added.get(id)?.special === true;
  }

  /**
   * Resolves a token named in `tokenizer_config.json` (`bos_token`, `eos_token`, `pad_token`).
   *
   * @param name - Which token.
   * @returns Its text and id, or `undefined` when the config does not name one.
   */
  configToken(
    name: 'bos_token' | 'eos_token' | 'pad_token',
  ): { text: string; id: number } | undefined {
    const text = tokenText(this.config[name]);
    const id = text === undefined ? undefined : this.tokenToId(text);
    return text === undefined || id === undefined ? undefined : { text, id };
  }

  /**
   * The `tokenizer.json` document of this tokenizer, ready for `JSON.stringify` and for the
   * Hugging Face libraries.
   *
   * @returns The document.
   */
  toJSON(): TokenizerJson {
    return this.json;
  }
}
