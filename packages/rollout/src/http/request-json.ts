import { R1kitError } from '@r1kit/core';
import type { RetryOptions } from './retry-options.js';

/**
 * Options of {@link requestJson}.
 *
 * @category HTTP
 */
export interface RequestJsonOptions extends RetryOptions {
  /**
   * HTTP method.
   *
   * @defaultValue 'POST' with a body, else 'GET'
   */
  method?: 'GET' | 'POST';
  /**
   * JSON body.
   *
   * @defaultValue none
   */
  body?: unknown;
  /**
   * Bearer token (vLLM `--api-key`, SGLang `--api-key`).
   *
   * @defaultValue none
   */
  apiKey?: string;
  /**
   * Who is asking, for error messages.
   *
   * @defaultValue 'requestJson'
   */
  caller?: string;
}

/** Status codes worth another attempt. */
const retryable = (status: number) => status === 429 || status >= 500;

/**
 * Sends one JSON request to an inference server, retrying transient failures with bounded
 * exponential back-off, and parses the answer (JSON, or the text of a plain-text answer such as
 * vLLM's `load_lora_adapter`).
 *
 * @param url - Full URL.
 * @param options - Method, body, key and retry policy.
 * @returns The parsed JSON (or the text when the answer is not JSON).
 * @throws R1kitError `NETWORK_ERROR` after the last retry (the cause is the last failure),
 *   `INVALID_ARGUMENT` for a 4xx answer (with the server's message).
 *
 * @example
 * ```ts no-run
 * // Needs a running vLLM server.
 * import { requestJson } from '@r1kit/rollout';
 * const models = await requestJson('http://127.0.0.1:8000/v1/models', { retries: 2 });
 * console.log(models);
 * ```
 *
 * @category HTTP
 */
export async function requestJson(url: string, options: RequestJsonOptions = {}): Promise<unknown> {
  const retries = options.retries ?? 3;
  const initial = options.initialBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 8000;
  const caller = options.caller ?? 'requestJson';
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(maxBackoff, initial * 2 ** (attempt - 1)));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 600_000),
      });
    } catch (error) {
      lastError = error;
      continue;
    }
    const text = await response.text();
    if (response.ok) return parse(text);
    const detail = serverMessage(text);
    if (!retryable(response.status)) {
      throw new R1kitError({
        code: response.status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
        message: `${caller}: ${method} ${url} answered ${response.status}: ${detail}`,
      });
    }
    lastError = new Error(`HTTP ${response.status}: ${detail}`);
  }
  throw new R1kitError({
    code: 'NETWORK_ERROR',
    message: `${caller}: ${method} ${url} failed after ${retries + 1} attempts (${describe(lastError)}); check that the server is up and reachable, or raise retries`,
    cause: lastError,
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The `message` of an OpenAI-style `ErrorResponse` (or FastAPI `detail`), else the text. */
function serverMessage(text: string): string {
  const value = parse(text) as
    | { message?: unknown; detail?: unknown; error?: { message?: unknown } }
    | string;
  if (typeof value === 'object' && value !== null) {
    const message = value.message ?? value.error?.message ?? value.detail;
    if (message !== undefined)
      return typeof message === 'string' ? message : JSON.stringify(message);
  }
  return String(text).slice(0, 300);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ? `${error.message}: ${cause}` : error.message;
  }
  return String(error);
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
