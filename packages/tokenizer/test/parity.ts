import type { TokenizerJson } from '../src/index.js';
import { Tokenizer, trainBpe } from '../src/index.js';
import { buildCorpus } from './corpus.js';
import { loadNativeTokenizers } from './fixtures.js';

/** The native oracle, or the reason it is missing. */
export const native = await loadNativeTokenizers();
/** Why parity tests skip, or `undefined` when the oracle is available. */
export const oracleMissing = 'missing' in native ? native.missing : undefined;
if (oracleMissing) console.warn(`skipping parity tests: ${oracleMissing}`);

/** Mixed texts that exercise whitespace, digits, case, scripts and emoji. */
export const sampleTexts = [
  'Hello World! The QUICK brown fox, 12345 jumps.',
  "  leading and trailing  \t\n\n I'm sure we'll see THEY'VE",
  'x=1234567;\ty = x*2.50 // ok\r\n',
  '你好，世界！今天123很开心😀👍🏽',
  'ﬁ café e\u0301 Ⅻ ① ½ ²',
  '',
  ' ',
  '🇨🇳🏳️‍🌈 𝒳𝒴 𠀀',
  'a\u0085\u0085b \ufeffc\u2028d\u3000 e\u00a0 \u200b f',
];

let base: TokenizerJson | undefined;

/** A small byte-level BPE trained on the test corpus (memoized), as a `tokenizer.json` document. */
export function baseJson(): TokenizerJson {
  base ??= trainBpe(buildCorpus({ bytes: 60_000, seed: 11 }), {
    vocabSize: 700,
    specialTokens: ['<s>', '</s>', '<|im_start|>'],
  }).toJSON();
  return structuredClone(base);
}

/** What ours and the oracle produce for the same document and texts. */
export interface ParityResult {
  /** Our ids per text. */
  ours: number[][];
  /** The oracle's ids per text. */
  theirs: number[][];
  /** Our decoding of the oracle ids. */
  oursDecoded: string[];
  /** The oracle's decoding of its ids. */
  theirsDecoded: string[];
}

/**
 * Encodes and decodes `texts` with this package and the native oracle, from the same document.
 */
export async function compareWithOracle(
  json: TokenizerJson,
  texts: readonly string[],
  addSpecialTokens = true,
): Promise<ParityResult> {
  if ('missing' in native) throw new Error(native.missing);
  const ours = Tokenizer.fromJSON(structuredClone(json));
  const oracle = native.Tokenizer.fromString(JSON.stringify(json));
  const theirs: number[][] = [];
  const theirsDecoded: string[] = [];
  for (const text of texts) {
    const ids = (await oracle.encode(text, null, { addSpecialTokens })).getIds();
    theirs.push(ids);
    theirsDecoded.push(await oracle.decode(ids, false));
  }
  return {
    ours: texts.map((text) => ours.encode(text, { addSpecialTokens })),
    theirs,
    oursDecoded: theirs.map((ids) => ours.decode(ids)),
    theirsDecoded,
  };
}
