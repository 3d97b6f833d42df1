import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../test/errors.js';
import { baseJson, native, oracleMissing, sampleTexts } from '../test/parity.js';
import { Tokenizer } from './tokenizer.js';

describe('Tokenizer', () => {
  const json = baseJson();
  const tokenizer = Tokenizer.fromJSON(json);

  it.skipIf(oracleMissing !== undefined)(
    'agrees with HF on vocabSize, tokenToId and idToToken',
    () => {
      if ('missing' in native) return;
      const oracle = native.Tokenizer.fromString(JSON.stringify(json));
      expect(tokenizer.vocabSize).toBe(oracle.getVocabSize(true));
      for (const id of [0, 1, 2, 3, 100, 300, 699]) {
        const token = oracle.idToToken(id)!;
        expect(tokenizer.idToToken(id)).toBe(token);
        expect(tokenizer.tokenToId(token)).toBe(oracle.tokenToId(token));
      }
      expect(tokenizer.tokenToId('not a token at all')).toBeUndefined();
      expect(tokenizer.idToToken(10_000)).toBeUndefined();
    },
  );

  it('reads merges in both the "a b" string form and the [a, b] pair form', () => {
    const stringForm = baseJson();
    stringForm.model.merges = stringForm.model.merges.map((merge) => (merge as string[]).join(' '));
    const other = Tokenizer.fromJSON(JSON.stringify(stringForm));
    for (const text of sampleTexts) expect(other.encode(text)).toEqual(tokenizer.encode(text));
  });

  it('encodes batches and decodes with or without special tokens', () => {
    const texts = ['<|im_start|>hello', 'world</s>'];
    const batch = tokenizer.encodeBatch(texts);
    expect(batch).toEqual(texts.map((text) => tokenizer.encode(text)));
    expect(batch[0]![0]).toBe(2);
    expect(tokenizer.decode(batch[0]!)).toBe('<|im_start|>hello');
    expect(tokenizer.decode(batch[0]!, { skipSpecialTokens: true })).toBe('hello');
    expect(tokenizer.decode([])).toBe('');
    expect(tokenizer.decode(Int32Array.from(batch[1]!))).toBe('world</s>');
    expect(errorOf(() => tokenizer.decode('12' as never)).code).toBe('INVALID_ARGUMENT');
  });

  it('loads from files, with a tokenizer_config.json', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'r1kit-tokenizer-'));
    writeFileSync(path.join(directory, 'tokenizer.json'), JSON.stringify(json));
    writeFileSync(
      path.join(directory, 'tokenizer_config.json'),
      JSON.stringify({ eos_token: '</s>', pad_token: { content: '<s>' } }),
    );
    const loaded = await Tokenizer.fromFile(
      path.join(directory, 'tokenizer.json'),
      path.join(directory, 'tokenizer_config.json'),
    );
    expect(loaded.encode('hello world')).toEqual(tokenizer.encode('hello world'));
    expect(loaded.configToken('eos_token')).toEqual({ text: '</s>', id: 1 });
    expect(loaded.configToken('pad_token')).toEqual({ text: '<s>', id: 0 });
    expect(loaded.configToken('bos_token')).toBeUndefined();
    await expect(Tokenizer.fromFile(path.join(directory, 'missing.json'))).rejects.toMatchObject({
      code: 'IO_ERROR',
    });
  });

  it('rejects unsupported models and components, naming the type', () => {
    for (const type of ['WordPiece', 'Unigram', 'WordLevel']) {
      const error = errorOf(() =>
        Tokenizer.fromJSON({ ...baseJson(), model: { ...json.model, type } }),
      );
      expect(error.code).toBe('UNSUPPORTED');
      expect(error.message).toContain(`model type "${type}" is not supported`);
    }
    const normalizer = errorOf(() =>
      Tokenizer.fromJSON({ ...baseJson(), normalizer: { type: 'BertNormalizer' } }),
    );
    expect(normalizer.message).toBe(
      'Tokenizer.fromJSON: normalizer type "BertNormalizer" is not supported; supported types are NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Strip, Sequence',
    );
    expect(
      errorOf(() => Tokenizer.fromJSON({ ...baseJson(), pre_tokenizer: { type: 'Whitespace' } }))
        .code,
    ).toBe('UNSUPPORTED');
    expect(
      errorOf(() => Tokenizer.fromJSON({ ...baseJson(), decoder: { type: 'WordPiece' } })).code,
    ).toBe('UNSUPPORTED');
    expect(
      errorOf(() => Tokenizer.fromJSON({ ...baseJson(), post_processor: { type: 'Weird' } })).code,
    ).toBe('UNSUPPORTED');
    expect(
      errorOf(() => Tokenizer.fromJSON({ ...baseJson(), model: { ...json.model, dropout: 0.1 } }))
        .code,
    ).toBe('UNSUPPORTED');
  });

  it('reports malformed documents and bad arguments', () => {
    expect(errorOf(() => Tokenizer.fromJSON('{not json')).code).toBe('PARSE_ERROR');
    expect(errorOf(() => Tokenizer.fromJSON('{}')).code).toBe('PARSE_ERROR');
    const badMerge = baseJson();
    badMerge.model.merges = [['zz', 'qq']];
    expect(errorOf(() => Tokenizer.fromJSON(badMerge)).message).toContain(
      'uses a token missing from model.vocab',
    );
    expect(errorOf(() => tokenizer.encode(42 as never)).message).toBe(
      'Tokenizer.encode: text must be a string; received 42',
    );
    expect(errorOf(() => tokenizer.encodeBatch('abc' as never)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => tokenizer.decode([5, 99_999])).message).toBe(
      'Tokenizer.decode: ids must be ids in [0, 700); received 99999',
    );
  });

  it('honours ignore_merges: a word found whole in the vocabulary is one token', () => {
    const withWord = baseJson();
    const id = Object.keys(withWord.model.vocab).length;
    withWord.model.vocab.xyzzy = id;
    withWord.model.ignore_merges = true;
    expect(Tokenizer.fromJSON(withWord).encode('xyzzy')).toEqual([id]);
    withWord.model.ignore_merges = false;
    expect(Tokenizer.fromJSON(withWord).encode('xyzzy')).not.toEqual([id]);
  });
});
