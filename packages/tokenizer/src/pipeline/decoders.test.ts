import { describe, expect, it } from 'vitest';
import type { TokenizerJson } from '../../src/index.js';
import { baseJson, compareWithOracle, native, oracleMissing } from '../../test/parity.js';
import { byteToken } from '../model/bpe-model.js';
import { Tokenizer } from '../tokenizer.js';

const texts = ['hello world', 'the  hell, world!', '你好 😀', ' leading', 'Hello Wörld', ''];

/** A small SentencePiece-style BPE (Llama-2 family): `▁` for spaces, byte fallback, `<unk>`. */
function sentencePieceJson(options: { byteFallback: boolean; metaspace: boolean }): TokenizerJson {
  const vocab: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  for (let byte = 0; byte < 256; byte++) vocab[byteToken(byte)] = 3 + byte;
  for (const char of '▁abcdefghijklmnopqrstuvwxyzHW,!') vocab[char] = Object.keys(vocab).length;
  const merges: Array<[string, string]> = [
    ['▁', 't'],
    ['h', 'e'],
    ['▁t', 'he'],
    ['l', 'l'],
    ['he', 'll'],
    ['▁', 'w'],
    ['o', 'r'],
  ];
  for (const [left, right] of merges) vocab[left + right] = Object.keys(vocab).length;
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '<unk>'), special(1, '<s>'), special(2, '</s>')],
    normalizer: options.metaspace
      ? null
      : {
          type: 'Sequence',
          normalizers: [
            { type: 'Prepend', prepend: '▁' },
            { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
          ],
        },
    pre_tokenizer: options.metaspace
      ? { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false }
      : null,
    post_processor: null,
    decoder: options.metaspace
      ? {
          type: 'Sequence',
          decoders: [
            { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
            { type: 'ByteFallback' },
            { type: 'Fuse' },
          ],
        }
      : {
          type: 'Sequence',
          decoders: [
            { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
            { type: 'ByteFallback' },
            { type: 'Fuse' },
            { type: 'Strip', content: ' ', start: 1, stop: 0 },
          ],
        },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: options.byteFallback,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

describe.skipIf(oracleMissing !== undefined)(
  'decoders and byte fallback match HF tokenizers',
  () => {
    it.each([
      {
        name: 'Llama-2 style: normalizer, byte fallback, Replace/ByteFallback/Fuse/Strip',
        options: { byteFallback: true, metaspace: false },
      },
      {
        name: 'Metaspace pre-tokenizer and decoder',
        options: { byteFallback: true, metaspace: true },
      },
      {
        name: 'fused <unk> without byte fallback',
        options: { byteFallback: false, metaspace: false },
      },
    ])('$name', async ({ options }) => {
      const result = await compareWithOracle(sentencePieceJson(options), texts);
      expect(result.ours).toEqual(result.theirs);
      expect(result.oursDecoded).toEqual(result.theirsDecoded);
    });

    it('byte-level decoding of invalid UTF-8 gives U+FFFD like HF', async () => {
      const json = baseJson();
      const ids = ['Ã', 'Ġ', 'ð', 'Ł'].map((token) => json.model.vocab[token]!);
      if ('missing' in native) return;
      const expected = await native.Tokenizer.fromString(JSON.stringify(json)).decode(ids, false);
      expect(Tokenizer.fromJSON(json).decode(ids)).toBe(expected);
      expect(expected).toContain('\ufffd');
    });
  },
);
