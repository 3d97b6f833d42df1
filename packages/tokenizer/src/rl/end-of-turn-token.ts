import { R1kitError } from '@r1kit/core';
import type { Tokenizer } from '../tokenizer.js';
import { renderChatTemplate } from './render-chat-template.js';

/**
 * Options for {@link endOfTurnToken}.
 *
 * @category Chat
 */
export interface EndOfTurnTokenOptions {
  /**
   * The model's `eos_token_id` (from its `config.json`), used when neither the chat template nor
   * `tokenizer_config.json`'s `eos_token` names the token; the first id of a list is used.
   *
   * @defaultValue none
   */
  eosTokenId?: number | readonly number[];
  /**
   * A Jinja chat template to probe instead of the tokenizer's `chat_template`.
   *
   * @defaultValue the tokenizer's `chat_template`; without one, the probe is skipped
   */
  template?: string;
}

/**
 * The token that ends an assistant turn, and where it was found.
 *
 * @category Chat
 */
export interface EndOfTurnToken {
  /** The token text, e.g. `<|im_end|>`. */
  text: string;
  /** Its id. */
  id: number;
  /**
   * Where it came from: the rendered chat template, `tokenizer_config.json`'s `eos_token`, or
   * the `eosTokenId` option.
   */
  source: 'chat_template' | 'eos_token' | 'eos_token_id';
}

const marker = 'r1kit-end-of-turn-probe';

/** The first special token after the marker of a rendered probe, if only whitespace precedes it. */
function probeTemplate(tokenizer: Tokenizer, template: string | undefined): number | undefined {
  let text: string;
  try {
    text = renderChatTemplate(
      [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: marker },
      ],
      { tokenizer, ...(template === undefined ? {} : { template }) },
    );
  } catch (error) {
    if (R1kitError.isInstance(error)) return undefined; // a template that refuses the probe
    throw error;
  }
  const end = text.lastIndexOf(marker);
  if (end < 0) return undefined;
  const after = text.slice(end + marker.length);
  for (const id of tokenizer.encode(after, { addSpecialTokens: false })) {
    if (tokenizer.isSpecialId(id)) return id;
    if (tokenizer.decode([id]).trim() !== '') return undefined;
  }
  return undefined;
}

/**
 * Finds the token that ends an assistant turn (`<|im_end|>` for Qwen, `<|eot_id|>` for Llama 3,
 * `<end_of_turn>` for Gemma 3): the token a completion must stop at, and the one a supervised
 * target ends with. It renders a one-exchange conversation with the chat template and takes the
 * first special token after the assistant's text (whitespace before it is allowed); when the
 * tokenizer has no template, the template refuses the conversation or puts no special token
 * there, it falls back to `tokenizer_config.json`'s `eos_token`, then to `options.eosTokenId`.
 *
 * @param tokenizer - A tokenizer loaded with its `tokenizer_config.json`.
 * @param options - See {@link EndOfTurnTokenOptions}.
 * @returns The token, or `undefined` when no source names a token of the vocabulary.
 *
 * @example
 * ```ts
 * import { endOfTurnToken, trainBpe } from '@r1kit/tokenizer';
 * const tokenizer = trainBpe(['hello'], { vocabSize: 260, specialTokens: ['<|im_start|>', '<|im_end|>'] });
 * // Without a chat_template or eos_token, the model's eos_token_id decides:
 * endOfTurnToken(tokenizer, { eosTokenId: 1 }); // { text: '<|im_end|>', id: 1, source: 'eos_token_id' }
 * // With an explicit ChatML template, the template decides:
 * endOfTurnToken(tokenizer, {
 *   template: "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}",
 * }); // { text: '<|im_end|>', id: 1, source: 'chat_template' }
 * ```
 *
 * @category Chat
 */
export function endOfTurnToken(
  tokenizer: Tokenizer,
  options: EndOfTurnTokenOptions = {},
): EndOfTurnToken | undefined {
  if (options.template !== undefined || tokenizer.config.chat_template != null) {
    const id = probeTemplate(tokenizer, options.template);
    const text = id === undefined ? undefined : tokenizer.idToToken(id);
    if (id !== undefined && text !== undefined) return { text, id, source: 'chat_template' };
  }
  const eos = tokenizer.configToken('eos_token');
  if (eos !== undefined) return { ...eos, source: 'eos_token' };
  const ids = options.eosTokenId;
  const id = typeof ids === 'number' ? ids : ids?.[0];
  const text = id === undefined ? undefined : tokenizer.idToToken(id);
  return id === undefined || text === undefined ? undefined : { text, id, source: 'eos_token_id' };
}
