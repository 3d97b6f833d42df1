import { Template } from '@huggingface/jinja';
import { invalidArgument, R1kitError } from '@r1kit/core';
import type { Tokenizer } from '../tokenizer.js';
import { tokenText } from '../tokenizer-config.js';
import { rewriteStripCalls, stripFunctions } from './python-strip.js';

/**
 * One chat message.
 *
 * @category Chat
 */
export interface ChatMessage {
  /** Who speaks: `system`, `user`, `assistant` (or any role the template knows). */
  role: string;
  /** The message text. */
  content: string;
}

/**
 * The ChatML template used when neither `options.template` nor the tokenizer's
 * `tokenizer_config.json` gives one: `<|im_start|>{role}\n{content}<|im_end|>\n` per message,
 * and `<|im_start|>assistant\n` as the generation prompt.
 *
 * @category Chat
 */
export const defaultChatTemplate =
  "{%- for message in messages -%}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}{%- endfor -%}{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}";

/**
 * Options for {@link renderChatTemplate}.
 *
 * @category Chat
 */
export interface RenderChatTemplateOptions {
  /**
   * A tokenizer whose `tokenizer_config.json` supplies `chat_template`, `bos_token` and
   * `eos_token`.
   *
   * @defaultValue none
   */
  tokenizer?: Tokenizer;
  /**
   * A Jinja template; overrides the tokenizer's.
   *
   * @defaultValue the tokenizer's `chat_template`, else {@link defaultChatTemplate}
   */
  template?: string;
  /**
   * Append the opening of an assistant turn, for generation.
   *
   * @defaultValue `false`
   */
  addGenerationPrompt?: boolean;
  /**
   * Extra template variables (e.g. `tools`, `enable_thinking`).
   *
   * @defaultValue `{}`
   */
  variables?: Record<string, unknown>;
}

/** Cache of compiled templates, keyed by their source. */
const compiled = new Map<string, Template>();

/** Picks the template: explicit, then the tokenizer config's (`default` of named ones), then ChatML. */
function chooseTemplate(options: RenderChatTemplateOptions): string {
  if (options.template !== undefined) return options.template;
  const configured = options.tokenizer?.config.chat_template;
  if (typeof configured === 'string') return configured;
  if (Array.isArray(configured)) {
    const named = configured.find((entry) => entry.name === 'default') ?? configured[0];
    if (named) return named.template;
  }
  return defaultChatTemplate;
}

/**
 * Renders chat messages to a prompt string with a Hugging Face Jinja chat template
 * (`@huggingface/jinja`), the way `apply_chat_template(..., tokenize=False)` does; Python's
 * `s.strip(chars)` / `lstrip(chars)` / `rstrip(chars)` strip only `chars`, as in Python (Qwen3's
 * template relies on it).
 *
 * @param messages - The conversation.
 * @param options - See {@link RenderChatTemplateOptions}.
 * @returns The rendered text; encode it with `tokenizer.encode(text, { addSpecialTokens: false })`.
 * @throws R1kitError `INVALID_ARGUMENT` for malformed messages, `PARSE_ERROR` when the template
 *   fails to parse or render.
 *
 * @example
 * ```ts
 * import { renderChatTemplate } from '@r1kit/tokenizer';
 * renderChatTemplate([{ role: 'user', content: 'Hi' }], { addGenerationPrompt: true });
 * // '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n'
 * ```
 *
 * @category Chat
 */
export function renderChatTemplate(
  messages: readonly ChatMessage[],
  options: RenderChatTemplateOptions = {},
): string {
  if (!Array.isArray(messages)) {
    throw invalidArgument({
      functionName: 'renderChatTemplate',
      argument: 'messages',
      received: messages,
      expected: 'an array of { role, content } objects',
    });
  }
  messages.forEach((message, index) => {
    if (typeof message?.role !== 'string' || typeof message.content !== 'string') {
      throw invalidArgument({
        functionName: 'renderChatTemplate',
        argument: `messages[${index}]`,
        received: message,
        expected: 'an object with string role and content',
      });
    }
  });
  const source = chooseTemplate(options);
  const config = options.tokenizer?.config ?? {};
  try {
    let template = compiled.get(source);
    if (template === undefined) {
      template = new Template(source);
      rewriteStripCalls(template);
      compiled.set(source, template);
    }
    return template.render({
      bos_token: tokenText(config.bos_token) ?? '',
      eos_token: tokenText(config.eos_token) ?? '',
      ...options.variables,
      ...stripFunctions,
      messages,
      add_generation_prompt: options.addGenerationPrompt ?? false,
    });
  } catch (error) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `renderChatTemplate: the chat template failed (${error instanceof Error ? error.message : String(error)})`,
      cause: error,
    });
  }
}
