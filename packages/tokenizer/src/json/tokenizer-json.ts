/**
 * One entry of the `added_tokens` list of a `tokenizer.json`.
 *
 * @category Format
 */
export interface AddedTokenJson {
  /** The token id. */
  id: number;
  /** The token text, e.g. `<|im_start|>`. */
  content: string;
  /** Match only when the token is a whole word (not inside a longer word). */
  single_word: boolean;
  /** Absorb the whitespace to the left of the token. */
  lstrip: boolean;
  /** Absorb the whitespace to the right of the token. */
  rstrip: boolean;
  /** Match against the normalized text (`true`) or the raw text (`false`). */
  normalized: boolean;
  /** Whether it is a special token, dropped by `decode(ids, { skipSpecialTokens: true })`. */
  special: boolean;
}

/**
 * A component (normalizer, pre-tokenizer, post-processor, decoder) as stored in a
 * `tokenizer.json`: an object with a `type` and type-specific fields.
 *
 * @category Format
 */
export interface ComponentJson {
  /** The component type, e.g. `NFC`, `Split`, `ByteLevel`, `TemplateProcessing`. */
  type: string;
  /** Type-specific fields. */
  [field: string]: unknown;
}

/**
 * The `model` section of a `tokenizer.json` for a BPE model.
 *
 * @category Format
 */
export interface BpeModelJson {
  /** The model type; only `BPE` is supported. */
  type: string;
  /** Token text to id. */
  vocab: Record<string, number>;
  /** Merges by priority, either as `"a b"` strings or as `["a", "b"]` pairs. */
  merges: Array<string | [string, string]>;
  /** Token used for unknown symbols, or `null`. */
  unk_token?: string | null;
  /** BPE dropout (training only); must be `null` or `0`. */
  dropout?: number | null;
  /** Prefix of non-initial subwords (WordPiece-style BPE), or `null`/empty. */
  continuing_subword_prefix?: string | null;
  /** Suffix of word-final subwords (e.g. `</w>`), or `null`/empty. */
  end_of_word_suffix?: string | null;
  /** Whether consecutive unknown symbols collapse into one unknown token. */
  fuse_unk?: boolean;
  /** Whether unknown characters fall back to `<0xXX>` byte tokens. */
  byte_fallback?: boolean;
  /** Whether a word found whole in the vocabulary skips the merges. */
  ignore_merges?: boolean;
}

/**
 * The JSON document of a Hugging Face `tokenizer.json` file (the parts this package reads).
 *
 * @category Format
 */
export interface TokenizerJson {
  /** Format version, `"1.0"`. */
  version: string;
  /** Truncation settings; ignored (this package truncates in `buildBatch`). */
  truncation: unknown;
  /** Padding settings; ignored (this package pads in `buildBatch`/`buildPrompts`). */
  padding: unknown;
  /** Added and special tokens. */
  added_tokens: AddedTokenJson[];
  /** Normalizer, or `null`. */
  normalizer: ComponentJson | null;
  /** Pre-tokenizer, or `null`. */
  pre_tokenizer: ComponentJson | null;
  /** Post-processor (adds BOS/EOS), or `null`. */
  post_processor: ComponentJson | null;
  /** Decoder, or `null`. */
  decoder: ComponentJson | null;
  /** The model; only BPE is supported. */
  model: BpeModelJson;
}
