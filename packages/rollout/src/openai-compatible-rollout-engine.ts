import { R1kitError } from '@r1kit/core';
import type {
  PolicyUpdate,
  RolloutCompletion,
  RolloutEngine,
  RolloutRequest,
} from '@r1kit/trainer';
import { requestJson } from './http/request-json.js';
import type { RetryOptions } from './http/retry-options.js';
import { ServedPolicy } from './sync/served-policy.js';
import type { WeightSync } from './sync/weight-sync.js';
import { parseVllmChoice } from './vllm/parse-vllm-choice.js';
import type { VllmCompletionResponse, VllmModelCard } from './vllm/vllm-completion-types.js';

/**
 * Options of {@link OpenAICompatibleRolloutEngine}.
 *
 * @category Engines
 */
export interface OpenAICompatibleRolloutEngineOptions {
  /** Server root without `/v1`, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** The served base model name (`vllm serve <model>` or `--served-model-name`). */
  model: string;
  /**
   * Publishes the policy after every optimiser step (e.g. {@link LoraAdapterSync}).
   *
   * @defaultValue none (the server keeps its weights: sampling goes off-policy as training moves)
   */
  weightSync?: WeightSync;
  /**
   * Prompts per HTTP request (each asks for `numGenerations` completions).
   *
   * @defaultValue 32
   */
  maxBatchSize?: number;
  /**
   * Seed of request `k`'s sampler is `seed + k` (vLLM's per-request `seed`); the counter is
   * checkpointed.
   *
   * @defaultValue none (the server's own random state)
   */
  seed?: number;
  /**
   * Stop strings (`stop`).
   *
   * @defaultValue []
   */
  stop?: readonly string[];
  /**
   * Stop token ids (`stop_token_ids`), besides the model's end-of-sequence token.
   *
   * @defaultValue []
   */
  stopTokenIds?: readonly number[];
  /**
   * More request fields (`repetition_penalty`, `min_p`, ...), sent as given.
   *
   * @defaultValue {}
   */
  extraBody?: Readonly<Record<string, unknown>>;
  /**
   * Bearer token (`--api-key`).
   *
   * @defaultValue none
   */
  apiKey?: string;
  /**
   * Retry policy of every request.
   *
   * @defaultValue {@link RetryOptions} defaults (3 retries, 0.5 s doubling back-off)
   */
  retry?: RetryOptions;
}

/**
 * Checkpointed state of {@link OpenAICompatibleRolloutEngine}.
 *
 * @category Engines
 */
export interface EngineState {
  /** Requests sent so far (per-request seeds derive from it). */
  requests: number;
  /** The policy version the server holds. */
  version: number;
}

/**
 * A {@link RolloutEngine} for vLLM's OpenAI-compatible server (or any server with the same
 * `/v1/completions` schema): prompts go as token ids, `n = numGenerations`, and every choice
 * comes back with exact completion ids (`return_token_ids` / `return_tokens_as_token_ids`) and
 * the sampled log-probs, which the trainer uses for the off-policy correction. Requests are
 * batched (`maxBatchSize` prompts) and retried with back-off; each completion is tagged with the
 * policy version that sampled it. The served model is checked against `GET /v1/models` once.
 *
 * @example
 * ```ts no-run
 * // Needs a running vLLM server (docs/guides/rollout-servers.md).
 * import { loadCausalLM } from '@r1kit/lm';
 * import { LoraAdapterSync, OpenAICompatibleRolloutEngine } from '@r1kit/rollout';
 * import { GrpoTrainer } from '@r1kit/trainer';
 * const model = await loadCausalLM('models/Qwen2.5-0.5B-Instruct');
 * model.addAdapter({ rank: 16, alpha: 32, targetModules: ['q_proj', 'v_proj'] });
 * const engine = new OpenAICompatibleRolloutEngine({
 *   baseUrl: 'http://127.0.0.1:8000',
 *   model: 'Qwen/Qwen2.5-0.5B-Instruct',
 *   weightSync: new LoraAdapterSync({
 *     model,
 *     baseUrl: 'http://127.0.0.1:8000',
 *     server: 'vllm',
 *     directory: '/shared/adapters',
 *   }),
 * });
 * const trainer = new GrpoTrainer({
 *   model,
 *   prompts: [{ promptIds: [151644, 872, 198] }],
 *   rewardFunctions: [{ name: 'short', compute: ({ completionIds }) => completionIds.map((ids) => -ids.length) }],
 *   rollout: engine,
 *   maxSteps: 100,
 * });
 * await trainer.train();
 * ```
 *
 * @category Engines
 */
export class OpenAICompatibleRolloutEngine implements RolloutEngine {
  private readonly policy: ServedPolicy;
  private requests = 0;
  private checked = false;

  /** Validates the options (no request is made until the first rollout). */
  constructor(private readonly options: OpenAICompatibleRolloutEngineOptions) {
    if (typeof options?.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new R1kitError({
        code: 'INVALID_ARGUMENT',
        message: `OpenAICompatibleRolloutEngine: options.baseUrl must be an http(s) URL such as 'http://127.0.0.1:8000'; received ${JSON.stringify(options?.baseUrl)}`,
      });
    }
    if (typeof options.model !== 'string' || options.model.length === 0) {
      throw new R1kitError({
        code: 'INVALID_ARGUMENT',
        message: `OpenAICompatibleRolloutEngine: options.model must be the served model name; received ${JSON.stringify(options.model)}`,
      });
    }
    this.policy = new ServedPolicy(options.model, options.weightSync);
  }

  /** Policy version of the weights the server samples with (-1 before the first rollout). */
  get policyVersion(): number {
    return this.policy.version;
  }

  /** The model name requests use (the current adapter's name under LoRA sync). */
  get modelName(): string {
    return this.policy.modelName;
  }

  /**
   * Samples `numGenerations` completions per prompt on the server.
   *
   * @param request - Prompts and sampling settings.
   * @returns Completions grouped by prompt, with `samplingLogProbs` and `policyVersion`.
   */
  async rollout(request: RolloutRequest): Promise<RolloutCompletion[]> {
    if (request.softTokens) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message:
          'OpenAICompatibleRolloutEngine: the request has soft tokens (multimodal embeddings), which /v1/completions cannot take as token ids; use SglangRolloutEngine with embedTokens (input_embeds)',
      });
    }
    await this.checkServedModel();
    await this.policy.ready();
    // The version and name are read once: a rollout in flight keeps the policy it started with.
    const { version, modelName } = this.policy;
    return this.policy.track(async () => {
      const size = this.options.maxBatchSize ?? 32;
      const out: RolloutCompletion[] = [];
      for (let start = 0; start < request.prompts.length; start += size) {
        const prompts = request.prompts.slice(start, start + size);
        const body = this.body(
          modelName,
          prompts.map((prompt) => [...prompt.promptIds]),
          request,
        );
        this.requests += 1;
        const response = (await requestJson(`${this.options.baseUrl}/v1/completions`, {
          ...this.options.retry,
          apiKey: this.options.apiKey,
          caller: 'OpenAICompatibleRolloutEngine',
          body,
        })) as VllmCompletionResponse;
        out.push(...this.parse(response, prompts.length, request.numGenerations, start, version));
      }
      return out;
    });
  }

  /**
   * Publishes the new weights (see {@link WeightSync}) before the next rollout.
   *
   * @param update - The new policy version.
   */
  async onPolicyUpdate(update: PolicyUpdate): Promise<void> {
    await this.policy.sync(update.step);
  }

  /** The request counter (per-request seeds continue after a resume) and the policy version. */
  getState(): EngineState {
    return { requests: this.requests, version: Math.max(this.policy.version, 0) };
  }

  /**
   * Restores {@link OpenAICompatibleRolloutEngine.getState}; the weights are re-published
   * before the next rollout.
   */
  setState(state: unknown): void {
    this.requests = (state as EngineState)?.requests ?? 0;
    this.policy.reset((state as EngineState)?.version ?? 0);
  }

  private body(
    model: string,
    prompt: number[][],
    request: RolloutRequest,
  ): Record<string, unknown> {
    const options = this.options;
    return {
      model,
      prompt,
      n: request.numGenerations,
      max_tokens: request.maxCompletionLength,
      temperature: request.temperature,
      top_p: request.topP,
      top_k: request.topK > 0 ? request.topK : -1,
      logprobs: 0,
      return_token_ids: true,
      return_tokens_as_token_ids: true,
      skip_special_tokens: true,
      ...(options.seed === undefined ? {} : { seed: options.seed + this.requests }),
      ...(options.stop?.length ? { stop: [...options.stop] } : {}),
      ...(options.stopTokenIds?.length ? { stop_token_ids: [...options.stopTokenIds] } : {}),
      ...options.extraBody,
    };
  }

  private parse(
    response: VllmCompletionResponse,
    prompts: number,
    n: number,
    offset: number,
    version: number,
  ): RolloutCompletion[] {
    const choices = Array.isArray(response?.choices) ? [...response.choices] : [];
    if (choices.length !== prompts * n) {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `OpenAICompatibleRolloutEngine: /v1/completions returned ${choices.length} choices; expected ${prompts * n} (${prompts} prompts x n=${n})`,
      });
    }
    choices.sort((a, b) => a.index - b.index);
    return choices.map((choice, position) => ({
      ...parseVllmChoice(choice, offset + Math.floor(position / n)),
      policyVersion: version,
    }));
  }

  private async checkServedModel(): Promise<void> {
    if (this.checked) return;
    const answer = (await requestJson(`${this.options.baseUrl}/v1/models`, {
      ...this.options.retry,
      apiKey: this.options.apiKey,
      caller: 'OpenAICompatibleRolloutEngine',
    })) as { data?: VllmModelCard[] };
    const served = Array.isArray(answer?.data) ? answer.data.map((card) => card.id) : [];
    if (!served.includes(this.options.model)) {
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `OpenAICompatibleRolloutEngine: the server at ${this.options.baseUrl} does not serve options.model ${JSON.stringify(this.options.model)}; it serves ${JSON.stringify(served)}`,
      });
    }
    this.checked = true;
  }
}
