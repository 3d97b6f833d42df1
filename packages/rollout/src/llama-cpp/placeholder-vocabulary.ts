import type { GgufValue } from './gguf-writer.js';

/**
 * The 256 byte tokens of byte-level BPE (GPT-2's printable stand-ins: printable bytes stand for
 * themselves, the others for code points from 256 up), in byte order.
 */
function byteTokens(): string[] {
  const printable = (byte: number) =>
    (byte >= 0x21 && byte <= 0x7e) ||
    (byte >= 0xa1 && byte <= 0xac) ||
    (byte >= 0xae && byte <= 0xff);
  const tokens: string[] = [];
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(String.fromCodePoint(printable(byte) ? byte : next++));
  }
  return tokens;
}

/**
 * A GGUF byte-level BPE vocabulary of `size` tokens for a model whose rollouts pass token ids:
 * the 256 byte tokens (so llama.cpp finds its newline token), then `<r1kit_N>` for the rest, no
 * merges. llama.cpp needs a vocabulary to load a model; texts come from the trainer's tokenizer.
 *
 * @param size - The model's vocabulary size (at least 256).
 * @param eos - The end-of-sequence id, typed as a control token (llama.cpp's end of generation).
 * @returns `tokenizer.ggml.*` metadata entries.
 */
export function placeholderVocabulary(size: number, eos?: number): Array<[string, GgufValue]> {
  const types = new Int32Array(size).fill(1);
  if (eos !== undefined) types[eos] = 3;
  const bytes = byteTokens().slice(0, size);
  const tokens = [
    ...bytes,
    ...Array.from({ length: size - bytes.length }, (_, i) => `<r1kit_${bytes.length + i}>`),
  ];
  return [
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'default' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: tokens }],
    ['tokenizer.ggml.token_type', { type: 'int32[]', value: types }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: [] }],
  ];
}
