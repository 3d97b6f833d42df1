import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R1kitError } from '@r1kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../tokenizer.js';

// Hand-made tokenizer.json documents, each broken in one way (issue 15, items 5 and 6).
const good = {
  model: {
    type: 'BPE',
    vocab: { a: 0, b: 1, ab: 2 },
    merges: ['a b'],
  },
  added_tokens: [{ id: 3, content: '<eos>', special: true }],
};
const directory = mkdtempSync(join(tmpdir(), 'r1kit-tokenizer-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function errorOf(action: () => unknown): R1kitError {
  try {
    action();
  } catch (error) {
    if (R1kitError.isInstance(error)) return error;
    throw new Error(`expected an R1kitError, got ${String(error)}`);
  }
  throw new Error('expected an error');
}

const withModel = (model: Record<string, unknown>) => ({
  ...good,
  model: { ...good.model, ...model },
});

describe('Tokenizer.fromJSON refuses broken documents with PARSE_ERROR naming the entry', () => {
  it.each([
    ['model: null', { ...good, model: null }, /"model" section/],
    ['missing vocab', withModel({ vocab: undefined }), /model\.vocab is missing/],
    ['missing merges', withModel({ merges: undefined }), /model\.merges is missing/],
    ['a merge without a space', withModel({ merges: ['ab'] }), /model\.merges\[0\] is "ab"/],
    ['a merge of three tokens', withModel({ merges: ['a b c'] }), /model\.merges\[0\]/],
    ['a merge that is a number', withModel({ merges: [7] }), /model\.merges\[0\] is 7/],
    [
      'a non-integer vocab id',
      withModel({ vocab: { a: 0, b: 1.5, ab: 2 } }),
      /model\.vocab\["b"\] is 1\.5/,
    ],
    ['a duplicate vocab id', withModel({ vocab: { a: 0, b: 0, ab: 2 } }), /reuses id 0 of "a"/],
    [
      'an added token without an id',
      { ...good, added_tokens: [{ content: 'x' }] },
      /added_tokens\[0\]/,
    ],
    [
      'duplicate added-token ids',
      {
        ...good,
        added_tokens: [
          { id: 3, content: 'x' },
          { id: 3, content: 'y' },
        ],
      },
      /added_tokens\[1\] repeats id 3/,
    ],
    [
      'an added token reusing the id of another vocab string',
      { ...good, added_tokens: [{ id: 1, content: '<eos>' }] },
      /added_tokens\[0\] \("<eos>"\) has id 1, which model\.vocab gives to "b"/,
    ],
  ])('%s', (_name, json, message) => {
    const error = errorOf(() => Tokenizer.fromJSON(json as never));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(message);
  });

  it('accepts both merge forms, and an added token that repeats its own vocab entry', () => {
    const pairs = Tokenizer.fromJSON(withModel({ merges: [['a', 'b']] }) as never);
    const strings = Tokenizer.fromJSON({
      ...good,
      added_tokens: [{ id: 2, content: 'ab' }],
    } as never);
    expect(pairs.encode('ab', { addSpecialTokens: false })).toEqual([2]);
    expect(strings.encode('ab', { addSpecialTokens: false })).toEqual([2]);
  });
});

describe('Tokenizer.fromFile names the file', () => {
  it('in a broken tokenizer.json and an unparsable tokenizer_config.json', async () => {
    const file = join(directory, 'tokenizer.json');
    writeFileSync(file, JSON.stringify(withModel({ merges: ['ab'] })));
    await expect(Tokenizer.fromFile(file)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringContaining(`Tokenizer.fromFile: ${file}: model.merges[0]`),
    });
    const config = join(directory, 'tokenizer_config.json');
    writeFileSync(config, '{"eos_token": ');
    writeFileSync(file, JSON.stringify(good));
    await expect(Tokenizer.fromFile(file, config)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringContaining(`${config} is not valid JSON`),
    });
  });
});
