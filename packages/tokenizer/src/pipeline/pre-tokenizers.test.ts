import { describe, expect, it } from 'vitest';
import { baseJson, compareWithOracle, oracleMissing, sampleTexts } from '../../test/parity.js';

const byteLevel = {
  type: 'ByteLevel',
  add_prefix_space: false,
  trim_offsets: false,
  use_regex: false,
};
const qwenPattern =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const gpt4oPattern =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const cjkPattern = '[一-龥\u3040-ゟ゠-ヿ]+';
const punctuationPattern =
  '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+';
const split = (pattern: object, behavior: string, invert = false) => ({
  type: 'Sequence',
  pretokenizers: [{ type: 'Split', pattern, behavior, invert }, byteLevel],
});

const preTokenizers = [
  { name: 'Qwen split', json: split({ Regex: qwenPattern }, 'Isolated') },
  { name: 'GPT-4o (o200k) split', json: split({ Regex: gpt4oPattern }, 'Isolated') },
  {
    name: 'DeepSeek-style split sequence',
    json: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: '\\p{N}{1,3}' }, behavior: 'Isolated', invert: false },
        { type: 'Split', pattern: { Regex: cjkPattern }, behavior: 'Isolated', invert: false },
        {
          type: 'Split',
          pattern: { Regex: punctuationPattern },
          behavior: 'Isolated',
          invert: false,
        },
        byteLevel,
      ],
    },
  },
  ...['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'].flatMap(
    (behavior) => [
      { name: `string ${behavior}`, json: split({ String: ' ' }, behavior) },
      { name: `regex ${behavior}`, json: split({ Regex: '\\p{N}+|[,.!]' }, behavior) },
      { name: `inverted ${behavior}`, json: split({ Regex: '\\p{L}+' }, behavior, true) },
    ],
  ),
  {
    name: 'ByteLevel with prefix space and GPT-2 regex',
    json: { ...byteLevel, add_prefix_space: true, use_regex: true },
  },
  {
    name: 'Digits',
    json: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Digits', individual_digits: true }, byteLevel],
    },
  },
  {
    name: 'Digits grouped',
    json: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Digits', individual_digits: false }, byteLevel],
    },
  },
];

describe.skipIf(oracleMissing !== undefined)('pre-tokenizers match HF tokenizers', () => {
  it.each(preTokenizers)('$name', async ({ json: preTokenizer }) => {
    const json = { ...baseJson(), pre_tokenizer: preTokenizer };
    const result = await compareWithOracle(json, [
      ...sampleTexts,
      "'S'T'RE 'Ve 'LL'D",
      'HTTPServer isOK CamelCase x/y/\n',
      '[a-b] "q" \\ ^_` {x} ~z こんにちはカタカナ',
    ]);
    expect(result.ours).toEqual(result.theirs);
    expect(result.oursDecoded).toEqual(result.theirsDecoded);
  });
});
