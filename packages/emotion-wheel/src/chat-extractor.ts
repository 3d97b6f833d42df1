import { invalidArgument, R1kitError } from '@r1kit/core';

/**
 * The official OV-label extraction prompt of the AffectGPT evaluation (`reason_to_openset_qwen`);
 * `{reason}` is replaced by the model's free-text output.
 *
 * @category Extraction
 */
export const openSetExtractionPrompt =
  'Please assume the role of an expert in the field of emotions. We provide clues that may be related to the emotions of the characters. Based on the provided clues, please identify the emotional states of the main character. The main character is the one with the most detailed clues. Please separate different emotional categories with commas and output only the clearly identifiable emotional categories in a list format. If none are identified, please output an empty list. Input: We cannot recognize his emotional state; Output: [] Input: His emotional state is happy, sad, and angry; Output: [happy, sad, angry] Input: {reason}; Output: ';

/**
 * Options for {@link extractLabelsWithChat}.
 *
 * @category Extraction
 */
export interface ChatExtractorOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:8000/v1` (`/chat/completions` is appended). */
  readonly url: string;
  /** Model name, e.g. `Qwen2.5-7B-Instruct`. */
  readonly model: string;
  /** Bearer token, if the server needs one. @defaultValue `undefined` */
  readonly apiKey?: string;
  /** Sampling temperature (official: 0.7). @defaultValue `0.7` */
  readonly temperature?: number;
  /** Nucleus sampling (official: 0.8). @defaultValue `0.8` */
  readonly topP?: number;
  /** Response length limit (official: 512). @defaultValue `512` */
  readonly maxTokens?: number;
  /** Sent as `repetition_penalty` (vLLM; official 1.05) when set. @defaultValue `undefined` */
  readonly repetitionPenalty?: number;
  /** Requests in flight at once (official batch: 8). @defaultValue `8` */
  readonly concurrency?: number;
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  readonly fetch?: typeof fetch;
}

const prefixes = [
  '输入',
  '输出',
  '翻译',
  '让我们来翻译一下：',
  'output',
  'Output',
  'input',
  'Input',
];

/**
 * The official post-processing of an extraction response: strip, remove one leading
 * `输入`/`输出`/`翻译`/`让我们来翻译一下：`/`output`/`Output`/`input`/`Input`, strip, remove one
 * leading `:` or `：`, strip, and delete all newlines.
 *
 * @param response - The raw chat response text.
 * @returns The label list string, e.g. `[happy, sad]`.
 *
 * @example
 * ```ts
 * import { cleanExtractionResponse } from '@r1kit/emotion-wheel';
 * cleanExtractionResponse(' Output: [happy, sad]\n'); // '[happy, sad]'
 * ```
 *
 * @category Extraction
 */
export function cleanExtractionResponse(response: string): string {
  let text = response.trim();
  const prefix = prefixes.find((candidate) => text.startsWith(candidate));
  if (prefix) text = text.slice(prefix.length);
  text = text.trim();
  if (text.startsWith(':') || text.startsWith('：')) text = text.slice(1);
  return text.trim().replace(/\n/g, '');
}

/**
 * Turns free-text model outputs into OV label lists with an OpenAI-compatible chat endpoint
 * and the official prompt and post-processing (for users who run, e.g., Qwen2.5-7B-Instruct
 * under vLLM). Sampling makes the result stochastic, as upstream; {@link extractEmotionWords}
 * is the deterministic, offline alternative.
 *
 * @param texts - Model outputs (reasons).
 * @param options - Endpoint, model and sampling.
 * @returns One label list string per text (parse it with `normalizeLabels`).
 * @throws R1kitError `NETWORK_ERROR` when the server cannot be reached or answers badly.
 *
 * @example
 * ```ts
 * import { extractLabelsWithChat } from '@r1kit/emotion-wheel';
 * // Stands in for an OpenAI-compatible server (vLLM, Ollama); omit `fetch` to use a real one.
 * const fetch = async () =>
 *   Response.json({ choices: [{ message: { content: 'Output: [tense, worried]' } }] });
 * const lists = await extractLabelsWithChat(['She looks tense and worried.'], {
 *   url: 'http://127.0.0.1:8000/v1',
 *   model: 'Qwen2.5-7B-Instruct',
 *   fetch,
 * }); // ['[tense, worried]']

 * ```
 *
 * @category Extraction
 */
export async function extractLabelsWithChat(
  texts: readonly string[],
  options: ChatExtractorOptions,
): Promise<string[]> {
  if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw invalidArgument({
      functionName: 'extractLabelsWithChat',
      argument: 'options.url',
      received: options?.url,
      expected: 'an http(s) base URL such as "http://127.0.0.1:8000/v1"',
    });
  }
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  const results: string[] = new Array(texts.length);
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const index = next++;
      results[index] = cleanExtractionResponse(await ask(texts[index]!, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, texts.length) }, worker));
  return results;
}

async function ask(reason: string, options: ChatExtractorOptions): Promise<string> {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  const body: Record<string, unknown> = {
    model: options.model,
    messages: [{ role: 'user', content: openSetExtractionPrompt.replace('{reason}', reason) }],
    temperature: options.temperature ?? 0.7,
    top_p: options.topP ?? 0.8,
    max_tokens: options.maxTokens ?? 512,
  };
  if (options.repetitionPenalty !== undefined) body.repetition_penalty = options.repetitionPenalty;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new R1kitError({
      code: 'NETWORK_ERROR',
      message: `extractLabelsWithChat: cannot reach ${endpoint} (${(cause as Error).message}); check options.url and that the server runs`,
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new R1kitError({
      code: 'NETWORK_ERROR',
      message: `extractLabelsWithChat: ${endpoint} answered HTTP ${response.status}: ${text.slice(0, 200)}`,
    });
  }
  try {
    const content = JSON.parse(text).choices[0].message.content;
    if (typeof content !== 'string') throw new Error('content is not a string');
    return content;
  } catch (cause) {
    throw new R1kitError({
      code: 'NETWORK_ERROR',
      message: `extractLabelsWithChat: ${endpoint} answered without choices[0].message.content: ${text.slice(0, 200)}`,
      cause,
    });
  }
}
