/**
 * `logprobs` of a vLLM `/v1/completions` choice (OpenAI's legacy completions shape). With
 * `return_tokens_as_token_ids` each entry of `tokens` reads `"token_id:<id>"`.
 *
 * @category vLLM
 */
export interface VllmCompletionLogProbs {
  /** Character offset of each token in `text`. */
  text_offset: number[];
  /** Log-prob of each sampled token (processed or raw, per the server's `--logprobs-mode`). */
  token_logprobs: Array<number | null>;
  /** The sampled tokens as text, or `"token_id:<id>"`. */
  tokens: string[];
  /** Top alternatives at each position (`logprobs` of them were asked for). */
  top_logprobs: Array<Record<string, number> | null> | null;
}

/**
 * One choice of a vLLM `/v1/completions` answer.
 *
 * @category vLLM
 */
export interface VllmCompletionChoice {
  /** Position among the choices: `promptIndex * n + sample`. */
  index: number;
  /** Decoded completion. */
  text: string;
  /** Sampled log-probs, when `logprobs` was asked for. */
  logprobs: VllmCompletionLogProbs | null;
  /** `'stop'` (end-of-sequence, stop string or stop token) or `'length'`. */
  finish_reason: string | null;
  /** The stop string or token id that ended it; null for end-of-sequence or length. */
  stop_reason: number | string | null;
  /** Completion token ids (with `return_token_ids`, vLLM 0.10.2 and later). */
  token_ids?: number[] | null;
  /** Prompt token ids (with `return_token_ids`). */
  prompt_token_ids?: number[] | null;
  /** Prompt log-probs (with `prompt_logprobs`). */
  prompt_logprobs?: unknown;
}

/**
 * A vLLM `/v1/completions` answer.
 *
 * @category vLLM
 */
export interface VllmCompletionResponse {
  /** Request id (`cmpl-...`). */
  id: string;
  /** Always `'text_completion'`. */
  object: 'text_completion';
  /** Unix time. */
  created: number;
  /** The model (or LoRA adapter) name that answered. */
  model: string;
  /** `prompts * n` choices. */
  choices: VllmCompletionChoice[];
  /** Token counts. */
  usage: {
    /** Prompt tokens. */
    prompt_tokens: number;
    /** Completion tokens. */
    completion_tokens: number;
    /** Sum of both. */
    total_tokens: number;
  };
}

/**
 * One entry of vLLM's `GET /v1/models` (LoRA adapters appear with `parent` set to the base).
 *
 * @category vLLM
 */
export interface VllmModelCard {
  /** Name to pass as `model`. */
  id: string;
  /** Always `'model'`. */
  object: 'model';
  /** Unix time. */
  created: number;
  /** `'vllm'`. */
  owned_by: string;
  /** The weights' path or name. */
  root: string | null;
  /** The base model of a LoRA adapter, else null. */
  parent: string | null;
  /** Context length. */
  max_model_len?: number;
}
