import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../test/corpus.js';
import { errorOf } from '../../test/errors.js';
import { loadNativeTokenizers } from '../../test/fixtures.js';
import { toByteLevel } from '../pipeline/byte-level-alphabet.js';
import { trainBpe } from './train-bpe.js';

const native = await loadNativeTokenizers();
const specialTokens = ['<|im_start|>', '<|im_end|>', '<|audio|>', '<think>', '</think>'];
const corpus = buildCorpus({ bytes: 120_000, seed: 3 });
const training = corpus
  .slice(0, Math.floor(corpus.length / 2))
  .map((text, index) => (index % 3 === 0 ? `<|im_start|>${text}<think></think><|im_end|>` : text));
const heldOut = corpus.slice(Math.floor(corpus.length / 2));

describe('trainBpe', () => {
  const tokenizer = trainBpe(training, { vocabSize: 1200, specialTokens });

  it('reaches the requested vocabulary with special tokens first', () => {
    expect(tokenizer.vocabSize).toBe(1200);
    specialTokens.forEach((token, id) => {
      expect(tokenizer.tokenToId(token)).toBe(id);
      expect(tokenizer.isSpecialId(id)).toBe(true);
    });
    expect(tokenizer.toJSON().model.merges.length).toBe(1200 - 256 - specialTokens.length);
  });

  it.skipIf('missing' in native)(
    'writes a tokenizer.json that HF tokenizers encodes identically',
    async () => {
      if ('missing' in native) return;
      const oracle = native.Tokenizer.fromString(JSON.stringify(tokenizer.toJSON()));
      const texts = heldOut.map((text, index) =>
        index % 5 === 0 ? `<|im_start|>${text}<think>x</think><|im_end|>` : text,
      );
      const expected = (await oracle.encodeBatch(texts)).map((encoding) => encoding.getIds());
      expect(texts.map((text) => tokenizer.encode(text))).toEqual(expected);
      expect(await oracle.decode(expected[1]!, false)).toBe(texts[1]);
    },
  );

  it('round-trips held-out text and never merges across special tokens', () => {
    for (const text of training) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    const vocab = Object.entries(tokenizer.toJSON().model.vocab)
      .filter(([, id]) => id >= specialTokens.length)
      .map(([token]) => token);
    expect(vocab.filter((token) => token.includes('|>') || token.includes('<|'))).toEqual([]);
    const unprotected = trainBpe(training, { vocabSize: 1200 });
    const leaked = Object.keys(unprotected.toJSON().model.vocab).filter((token) =>
      token.includes('|>'),
    );
    expect(leaked.length).toBeGreaterThan(0);
    expect(tokenizer.encode('a<|audio|>b')).toEqual([
      tokenizer.tokenToId('a'),
      2,
      tokenizer.tokenToId('b'),
    ]);
  });

  it('is deterministic', () => {
    const again = trainBpe(training, { vocabSize: 1200, specialTokens });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(tokenizer.toJSON()));
  });

  it('merges the most frequent adjacent byte pair first', () => {
    // Special tokens are cut out before pre-tokenization, so their bytes never pair up.
    const segments = training.flatMap((text) =>
      text.split(/<\|im_start\|>|<\|im_end\|>|<\|audio\|>|<\/?think>/),
    );
    const counts = new Map<string, number>();
    for (const segment of segments) {
      for (const word of segment.match(
        /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu,
      ) ?? []) {
        const chars = Array.from(toByteLevel(word));
        for (let index = 0; index < chars.length - 1; index++) {
          const pair = `${chars[index]} ${chars[index + 1]}`;
          counts.set(pair, (counts.get(pair) ?? 0) + 1);
        }
      }
    }
    const best = Math.max(...counts.values());
    const [first] = tokenizer.toJSON().model.merges;
    expect(counts.get((first as string[]).join(' '))).toBe(best);
  });

  it('stops at minFrequency and reports progress', () => {
    const progress: number[] = [];
    const small = trainBpe(['abab abab abab', 'cd cd'], {
      vocabSize: 400,
      minFrequency: 3,
      onProgress: (update) => progress.push(update.merges),
    });
    const merges = small.toJSON().model.merges.map((merge) => (merge as string[]).join(' '));
    expect(merges).toContain('a b');
    expect(merges.some((merge) => merge.includes('c'))).toBe(false);
    expect(progress.at(-1)).toBe(merges.length);
  });

  it('rejects bad options with INVALID_ARGUMENT', () => {
    expect(errorOf(() => trainBpe(['x'], { vocabSize: 100 })).message).toBe(
      'trainBpe: options.vocabSize must be an integer >= 256 (256 byte tokens + 0 special tokens); received 100',
    );
    expect(
      errorOf(() => trainBpe(['x'], { vocabSize: 300, specialTokens: ['<a>', '<a>'] })).code,
    ).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => trainBpe(['x'], { vocabSize: 300, byteLevel: false })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorOf(() => trainBpe(['x'], { vocabSize: 300, minFrequency: 0 })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorOf(() => trainBpe(42 as unknown as string[], { vocabSize: 300 })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorOf(() => trainBpe([42 as unknown as string], { vocabSize: 300 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
