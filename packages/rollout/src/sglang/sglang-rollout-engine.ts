import { R1kitError, type SoftTokens } from '@r1kit/core';
import type {
  PolicyUpdate,
  RolloutCompletion,
  RolloutEngine,
  RolloutRequest,
} from '@r1kit/trainer';
import { requestJson } from '../http/request-json.js';
import type { RetryOptions } from '../http/retry-options.js';
import { ServedPolicy } from '../sync/served-policy.js';
import type { WeightSync } from '../sync/weight-sync.js';
import { parseSglangResponse } from './parse-sglang-response.js';
import type { SglangGenerateResponse } from './sglang-generate-types.js';

/**
 * Options of {@link SglangRolloutEngine}.
 *
 * @category Engines
 */
export interface SglangRolloutEngineOptions {
  /** Server root, e.g. `http://127.0.0.1:30000`. */
  baseUrl: string;
  /**
   * Publishes the policy after every optimiser step ({@link LoraAdapterSync} with
   * `server: 'sglang'`, or {@link FullWeightSync}).
   *
   * @defaultValue none
   */
  weightSync?: WeightSync;
  /**
   * Embeds prompt token ids (`[length][hidden]`) for requests with soft tokens: the prompt goes
   * as `input_embeds` with the soft-token rows at the placeholder positions. Use
   * {@link tokenEmbeddingLookup} for an `@r1kit/lm` model.
   *
   * @defaultValue none (a request with soft tokens is refused)
   */
  embedTokens?: (ids: readonly number[]) => number[][];
  /**
   * Prompts per HTTP request.
   *
   * @defaultValue 32
   */
  maxBatchSize?: number;
  /**
   * Stop strings.
   *
   * @defaultValue []
   */
  stop?: readonly string[];
  /**
   * Stop token ids besides the end-of-sequence token.
   *
   * @defaultValue []
   */
  stopTokenIds?: readonly number[];
  /**
   * More `sampling_params` fields, sent as given.
   *
   * @defaultValue {}
   */
  extraSamplingParams?: Readonly<Record<string, unknown>>;
  /**
   * Bearer token.
   *
   * @defaultValue none
   */
  apiKey?: string;
  /**
   * Retry policy of every request.
   *
   * @defaultValue {@link RetryOptions} defaults
   */
  retry?: RetryOptions;
}

/**
 * A {@link RolloutEngine} for SGLang's native `/generate`: `input_ids` (or `input_embeds` for
 * multimodal soft tokens), `sampling_params` with `n = numGenerations`, `return_logprob` for the
 * sampled log-probs, and `lora_path` naming the current adapter under LoRA sync. Completions are
 * tagged with the policy version that sampled them.
 *
 * @example
 * ```ts no-run
 * // Needs a running SGLang server (docs/guides/rollout-servers.md).
 * import { loadCausalLM } from '@r1kit/lm';
 * import { LoraAdapterSync, SglangRolloutEngine } from '@r1kit/rollout';
 * const model = await loadCausalLM('models/Qwen2.5-0.5B-Instruct');
 * model.addAdapter({ rank: 16, alpha: 32, targetModules: ['q_proj', 'v_proj'] });
 * const engine = new SglangRolloutEngine({
 *   baseUrl: 'http://127.0.0.1:30000',
 *   weightSync: new LoraAdapterSync({ model, baseUrl: 'http://127.0.0.1:30000', server: 'sglang', directory: '/shared/adapters' }),
 * });
 * const completions = await engine.rollout({
 *   prompts: [{ promptIds: [151644, 872, 198] }],
 *   numGenerations: 4, maxCompletionLength: 32, temperature: 1, topP: 1, topK: 0,
 * });
 * ```
 *
 * @category Engines
 */
export class SglangRolloutEngine implements RolloutEngine {
  private readonly policy: ServedPolicy;

  /** Validates the options. */
  constructor(private readonly options: SglangRolloutEngineOptions) {
    if (typeof options?.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new R1kitError({
        code: 'INVALID_ARGUMENT',
        message: `SglangRolloutEngine: options.baseUrl must be an http(s) URL such as 'http://127.0.0.1:30000'; received ${JSON.stringify(options?.baseUrl)}`,
      });
    }
    this.policy = new ServedPolicy('', options.weightSync);
  }

  /** Policy version the server samples with (-1 before the first rollout). */
  get policyVersion(): number {
    return this.policy.version;
  }

  /**
   * Samples `numGenerations` completions per prompt on the server.
   *
   * @param request - Prompts, sampling settings and optional soft tokens.
   * @returns Completions grouped by prompt, with `samplingLogProbs` and `policyVersion`.
   */
  async rollout(request: RolloutRequest): Promise<RolloutCompletion[]> {
    await this.policy.ready();
    // The version and adapter are read once: a rollout in flight keeps the policy it started with.
    const { version, modelName } = this.policy;
    const soft = request.softTokens ? softRows(request.softTokens) : undefined;
    return this.policy.track(() => this.generate(request, version, modelName, soft));
  }

  private async generate(
    request: RolloutRequest,
    version: number,
    modelName: string,
    soft: ReturnType<typeof softRows> | undefined,
  ): Promise<RolloutCompletion[]> {
    const size = this.options.maxBatchSize ?? 32;
    const out: RolloutCompletion[] = [];
    for (let start = 0; start < request.prompts.length; start += size) {
      const prompts = request.prompts.slice(start, start + size);
      const inputs = soft
        ? {
            input_embeds: prompts.map((prompt, index) =>
              this.embed(prompt.promptIds, soft.rows[start + index]!, soft.placeholderTokenId),
            ),
          }
        : { input_ids: prompts.map((prompt) => [...prompt.promptIds]) };
      const answer = await requestJson(`${this.options.baseUrl}/generate`, {
        ...this.options.retry,
        apiKey: this.options.apiKey,
        caller: 'SglangRolloutEngine',
        body: {
          ...inputs,
          sampling_params: this.samplingParams(request),
          return_logprob: true,
          logprob_start_len: -1,
          ...(modelName ? { lora_path: modelName } : {}),
        },
      });
      const list = (Array.isArray(answer) ? answer : [answer]) as SglangGenerateResponse[];
      const n = request.numGenerations;
      if (list.length !== prompts.length * n) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `SglangRolloutEngine: /generate returned ${list.length} answers; expected ${prompts.length * n} (${prompts.length} prompts x n=${n})`,
        });
      }
      list.forEach((item, position) => {
        out.push({
          ...parseSglangResponse(item, start + Math.floor(position / n)),
          policyVersion: version,
        });
      });
    }
    return out;
  }

  /**
   * Publishes the new weights before the next rollout.
   *
   * @param update - The new policy version.
   */
  async onPolicyUpdate(update: PolicyUpdate): Promise<void> {
    await this.policy.sync(update.step);
  }

  /** The policy version (re-published after a resume). */
  getState(): { version: number } {
    return { version: Math.max(this.policy.version, 0) };
  }

  /** Restores {@link SglangRolloutEngine.getState}. */
  setState(state: unknown): void {
    this.policy.reset((state as { version?: number })?.version ?? 0);
  }

  private samplingParams(request: RolloutRequest): Record<string, unknown> {
    const options = this.options;
    return {
      n: request.numGenerations,
      max_new_tokens: request.maxCompletionLength,
      temperature: request.temperature,
      top_p: request.topP,
      top_k: request.topK > 0 ? request.topK : -1,
      ...(options.stop?.length ? { stop: [...options.stop] } : {}),
      ...(options.stopTokenIds?.length ? { stop_token_ids: [...options.stopTokenIds] } : {}),
      ...options.extraSamplingParams,
    };
  }

  private embed(ids: readonly number[], rows: number[][], placeholder: number): number[][] {
    if (!this.options.embedTokens) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message:
          'SglangRolloutEngine: the request has soft tokens but options.embedTokens is not set; pass embedTokens (e.g. tokenEmbeddingLookup(model)) so prompts go as input_embeds',
      });
    }
    const embedded = this.options.embedTokens(ids);
    let next = 0;
    const out = ids.map(
      (id, position) => (id === placeholder ? rows[next++] : embedded[position])!,
    );
    if (next !== rows.length) {
      throw new R1kitError({
        code: 'SHAPE_MISMATCH',
        message: `SglangRolloutEngine: a prompt has ${next} placeholder tokens (id ${placeholder}) but ${rows.length} soft-token rows; expected one placeholder per row`,
      });
    }
    return out;
  }
}

function softRows(soft: SoftTokens): { placeholderTokenId: number; rows: number[][][] } {
  return {
    placeholderTokenId: soft.placeholderTokenId,
    rows: soft.embeddings.arraySync() as number[][][],
  };
}
