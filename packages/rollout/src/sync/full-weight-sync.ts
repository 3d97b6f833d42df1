import { nodeBuiltin, R1kitError } from '@r1kit/core';
import { saveCausalLM, type TransformerCausalLM } from '@r1kit/lm';
import { requestJson } from '../http/request-json.js';
import type { RetryOptions } from '../http/retry-options.js';
import type { WeightSync } from './weight-sync.js';

const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'FullWeightSync' });

/**
 * Options of {@link FullWeightSync}.
 *
 * @category Weight sync
 */
export interface FullWeightSyncOptions {
  /** The fully fine-tuned policy. */
  model: TransformerCausalLM;
  /** SGLang server root, e.g. `http://127.0.0.1:30000`. */
  baseUrl: string;
  /** Shared directory the trainer writes `policy-v<version>` to. */
  directory: string;
  /**
   * The same directory as the server sees it.
   *
   * @defaultValue `directory`
   */
  serverDirectory?: string;
  /**
   * Bearer token of the server.
   *
   * @defaultValue none
   */
  apiKey?: string;
  /**
   * Retries of the update request.
   *
   * @defaultValue {@link RetryOptions} defaults
   */
  retry?: RetryOptions;
}

/**
 * Full fine-tuning sync for SGLang: saves the whole model in Hugging Face format
 * (`saveCausalLM`) as `policy-v<version>` and calls `/update_weights_from_disk` with its path;
 * the served model name stays the same.
 *
 * @example
 * ```ts no-run
 * // Needs a running SGLang server that can read /shared/policy.
 * import { loadCausalLM } from '@r1kit/lm';
 * import { FullWeightSync } from '@r1kit/rollout';
 * const model = await loadCausalLM('models/Qwen2.5-0.5B-Instruct');
 * const sync = new FullWeightSync({ model, baseUrl: 'http://127.0.0.1:30000', directory: '/shared/policy' });
 * await sync.sync(1); // writes /shared/policy/policy-v1 and loads it
 * ```
 *
 * @category Weight sync
 */
export class FullWeightSync implements WeightSync {
  /** Stores the options. */
  constructor(private readonly options: FullWeightSyncOptions) {}

  /**
   * Writes and loads version `version`.
   *
   * @param version - The policy version.
   * @returns `undefined`: keep requesting the served model.
   */
  async sync(version: number): Promise<undefined> {
    const options = this.options;
    const name = `policy-v${version}`;
    await saveCausalLM(options.model, nodePath().join(options.directory, name));
    const answer = (await requestJson(`${options.baseUrl}/update_weights_from_disk`, {
      ...options.retry,
      apiKey: options.apiKey,
      caller: 'FullWeightSync',
      body: { model_path: nodePath().join(options.serverDirectory ?? options.directory, name) },
    })) as { success?: boolean; message?: string };
    if (answer?.success !== true) {
      throw new R1kitError({
        code: 'IO_ERROR',
        message: `FullWeightSync: /update_weights_from_disk did not load ${name}: ${answer?.message ?? JSON.stringify(answer)}`,
      });
    }
    return undefined;
  }
}
