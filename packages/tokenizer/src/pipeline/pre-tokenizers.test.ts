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
const split = (pattern: object, behavior: string, invert = false) => ({
  type: 'Sequence',
  pretokenizers: [{ type: 'Split', pattern, behavior, invert }, byteLevel],
});

const preTokenizers = [
  { name: 'Qwen split', json: split({ Regex: qwenPattern }, 'Isolated') },
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
    const result = await compareWithOracle(json, [...sampleTexts, "'S'T'RE 'Ve 'LL'D"]);
    expect(result.ours).toEqual(result.theirs);
    expect(result.oursDecoded).toEqual(result.theirsDecoded);
  });
});
