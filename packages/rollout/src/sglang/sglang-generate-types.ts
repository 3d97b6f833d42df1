/**
 * `meta_info.finish_reason` of an SGLang `/generate` answer: `matched` is the stop token id
 * (end-of-sequence or `stop_token_ids`) or the stop string.
 *
 * @category SGLang
 */
export interface SglangFinishReason {
  /** `'stop'`, `'length'` or `'abort'`. */
  type: 'stop' | 'length' | 'abort' | string;
  /** What matched, for `'stop'`. */
  matched?: number | string | null;
  /** The reason, for `'abort'`. */
  message?: string;
}

/**
 * One SGLang `/generate` answer (a batch answers with a list of them, prompt-major:
 * `promptIndex * n + sample`).
 *
 * @category SGLang
 */
export interface SglangGenerateResponse {
  /** Decoded completion. */
  text: string;
  /** Completion token ids. */
  output_ids?: number[];
  /** Request metadata. */
  meta_info: {
    /** Request id. */
    id: string;
    /** Why it stopped. */
    finish_reason: SglangFinishReason | null;
    /** Prompt tokens. */
    prompt_tokens: number;
    /** Completion tokens. */
    completion_tokens: number;
    /** Prompt tokens served from the radix cache. */
    cached_tokens?: number;
    /** With `return_logprob`: `[logprob, token_id, token_text | null]` per completion token. */
    output_token_logprobs?: Array<[number, number, string | null]>;
    /** With `return_logprob` and `logprob_start_len >= 0`: the same for prompt tokens. */
    input_token_logprobs?: Array<[number | null, number, string | null]>;
    /** Weights version the server reports (`/update_weights_from_disk` bumps it). */
    weight_version?: string | null;
  };
}
