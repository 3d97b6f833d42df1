import { invalidArgument, nodeBuiltin } from '@r1kit/core';
import { saveLoraAdapter, type TransformerCausalLM } from '@r1kit/lm';
import { type RequestJsonOptions, requestJson } from '../http/request-json.js';
import type { RetryOptions } from '../http/retry-options.js';
import type { ServerKind } from './server-kind.js';
import type { WeightSync } from './weight-sync.js';

const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'LoraAdapterSync' });

/**
 * Options of {@link LoraAdapterSync}.
 *
 * @category Weight sync
 */
export interface LoraAdapterSyncOptions {
  /** The policy; its attached LoRA adapter is what is published. */
  model: TransformerCausalLM;
  /** Server root, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** `'vllm'` (`/v1/load_lora_adapter`) or `'sglang'` (`/load_lora_adapter`). */
  server: ServerKind;
  /** Shared directory the trainer writes adapters to (`<directory>/<name>`). */
  directory: string;
  /**
   * The same directory as the server sees it (another mount point).
   *
   * @defaultValue `directory`
   */
  serverDirectory?: string;
  /**
   * Adapter names are `<adapterPrefix>-v<version>`.
   *
   * @defaultValue 'r1kit-policy'
   */
  adapterPrefix?: string;
  /**
   * Written as `base_model_name_or_path` in `adapter_config.json`.
   *
   * @defaultValue none
   */
  baseModelNameOrPath?: string;
  /**
   * Whether the previous version is unloaded after a new one loads (servers hold a bounded
   * number of adapters: vLLM `--max-loras`, SGLang `--max-loras-per-batch`).
   *
   * @defaultValue true
   */
  unloadPrevious?: boolean;
  /**
   * Bearer token of the server.
   *
   * @defaultValue none
   */
  apiKey?: string;
  /**
   * Retries of the load and unload requests.
   *
   * @defaultValue {@link RetryOptions} defaults
   */
  retry?: RetryOptions;
}

/**
 * LoRA hot-swap: after each optimiser step the adapter is saved in PEFT format
 * (`@r1kit/lm`'s `saveLoraAdapter`) under a versioned name and loaded by the server (vLLM
 * `/v1/load_lora_adapter` with `VLLM_ALLOW_RUNTIME_LORA_UPDATING=True`, or SGLang
 * `/load_lora_adapter`); the previous version is unloaded. Only the adapter crosses the wire,
 * not the base weights.
 *
 * @example
 * ```ts no-run
 * // Needs a running vLLM server (VLLM_ALLOW_RUNTIME_LORA_UPDATING=True, --enable-lora).
 * import { loadCausalLM } from '@r1kit/lm';
 * import { LoraAdapterSync } from '@r1kit/rollout';
 * const model = await loadCausalLM('models/Qwen2.5-0.5B-Instruct');
 * model.addAdapter({ rank: 16, alpha: 32, targetModules: ['q_proj', 'v_proj'] });
 * const sync = new LoraAdapterSync({ model, baseUrl: 'http://127.0.0.1:8000', server: 'vllm', directory: '/shared/adapters' });
 * const name = await sync.sync(0); // 'r1kit-policy-v0'
 * ```
 *
 * @category Weight sync
 */
export class LoraAdapterSync implements WeightSync {
  private loaded: string | undefined;
  /** Every adapter name loaded so far, oldest first. */
  readonly history: string[] = [];

  /** Checks the options. */
  constructor(private readonly options: LoraAdapterSyncOptions) {
    if (options.model?.loraAdapter === undefined) {
      throw invalidArgument({
        functionName: 'LoraAdapterSync',
        argument: 'options.model',
        received: options.model,
        expected: 'a TransformerCausalLM with an attached LoRA adapter (model.addAdapter())',
      });
    }
  }

  /**
   * Saves the adapter as `<prefix>-v<version>`, loads it and unloads the previous one.
   *
   * @param version - The policy version.
   * @returns The adapter name to request.
   */
  async sync(version: number): Promise<string> {
    const options = this.options;
    const name = `${options.adapterPrefix ?? 'r1kit-policy'}-v${version}`;
    await saveLoraAdapter(options.model, nodePath().join(options.directory, name), {
      baseModelNameOrPath: options.baseModelNameOrPath,
    });
    const prefix = options.server === 'vllm' ? '/v1' : '';
    const request: RequestJsonOptions = {
      ...options.retry,
      apiKey: options.apiKey,
      caller: 'LoraAdapterSync',
    };
    await requestJson(`${options.baseUrl}${prefix}/load_lora_adapter`, {
      ...request,
      body: {
        lora_name: name,
        lora_path: nodePath().join(options.serverDirectory ?? options.directory, name),
      },
    });
    const previous = this.loaded;
    this.loaded = name;
    this.history.push(name);
    if (previous !== undefined && previous !== name && (options.unloadPrevious ?? true)) {
      await requestJson(`${options.baseUrl}${prefix}/unload_lora_adapter`, {
        ...request,
        body: { lora_name: previous },
      });
    }
    return name;
  }
}
