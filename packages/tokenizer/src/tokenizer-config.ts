/**
 * The parts of a Hugging Face `tokenizer_config.json` this package uses. Token fields may be
 * strings or `{ content }` objects, as the hub writes them.
 *
 * @category Format
 */
export interface TokenizerConfig {
  /** A Jinja chat template, or named templates as `[{ name, template }]`. */
  chat_template?: string | Array<{ name: string; template: string }> | null;
  /** The beginning-of-sequence token. */
  bos_token?: string | { content: string } | null;
  /** The end-of-sequence token. */
  eos_token?: string | { content: string } | null;
  /** The padding token. */
  pad_token?: string | { content: string } | null;
  /** The unknown token. */
  unk_token?: string | { content: string } | null;
  /** Other fields are kept but not read. */
  [field: string]: unknown;
}

/** Reads a token field of a `tokenizer_config.json`, which may be a string or `{ content }`. */
export function tokenText(value: TokenizerConfig['bos_token']): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value.content === 'string') return value.content;
  return undefined;
}
