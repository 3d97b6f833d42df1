import { invalidArgument, nodeBuiltin, R1kitError } from '@r1kit/core';
import type { TransformerCausalLM } from '@r1kit/lm';
import type {
  PolicyUpdate,
  RolloutCompletion,
  RolloutEngine,
  RolloutRequest,
} from '@r1kit/trainer';
import type {
  NodeLlama,
  NodeLlamaContext,
  NodeLlamaCppModule,
  NodeLlamaModel,
  NodeLlamaSequence,
} from './node-llama-cpp-types.js';
import {
  type WriteCausalLMGgufOptions,
  writeCausalLMGguf,
  writeLoraAdapterGguf,
} from './write-causal-lm-gguf.js';

const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'LlamaCppRolloutEngine' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'LlamaCppRolloutEngine' });

/**
 * Options of {@link LlamaCppRolloutEngine}.
 *
 * @category llama.cpp
 */
export interface LlamaCppRolloutEngineOptions {
  /** The policy: its weights (or its LoRA adapter) are copied to llama.cpp after every step. */
  model: TransformerCausalLM;
  /** A directory for the GGUF files (created if needed; the engine replaces its own files). */
  directory: string;
  /**
   * The imported `node-llama-cpp` module (version 3).
   *
   * @defaultValue `await import('node-llama-cpp')`
   */
  llama?: NodeLlamaCppModule;
  /**
   * llama.cpp threads. More threads than cores makes llama.cpp's spinning threads wait on each
   * other (on this 2-core machine, 4 threads decode 100x slower than 2).
   *
   * @defaultValue the physical cores llama.cpp counts (`cpuMathCores`)
   */
  threads?: number;
  /**
   * Type of the policy's matrices in llama.cpp (see {@link WriteCausalLMGgufOptions.weightType}):
   * `'f16'` samples faster from half-precision weights, with llama.cpp's default half-precision
   * key/value cache and flash attention; `'f32'` keeps attention in float32 too. The LoRA adapter
   * stays float32.
   *
   * @defaultValue 'f32'
   */
  weightType?: 'f32' | 'f16';
  /**
   * Whether completions carry `samplingLogProbs` (llama.cpp then computes the whole sampling
   * distribution at every token, which takes time on large vocabularies).
   *
   * @defaultValue true
   */
  samplingLogProbs?: boolean;
  /**
   * Completions sampled at once (llama.cpp sequences of one context, evaluated in one batch).
   *
   * @defaultValue 16
   */
  parallelSequences?: number;
  /**
   * Seed of completion `k` of rollout `r`: `seed + r * 100003 + k`; the rollout counter is
   * checkpointed.
   *
   * @defaultValue 0
   */
  seed?: number;
  /**
   * Tokens that end a completion (kept as its last id).
   *
   * @defaultValue the model config's `eosTokenId`
   */
  eosTokenIds?: readonly number[];
  /**
   * Text of a completion, for reward functions (the trainer's tokenizer).
   *
   * @defaultValue none (texts are empty)
   */
  decode?: (ids: readonly number[]) => string;
  /**
   * A LoRA policy loads a new adapter on llama.cpp's model every step, and llama.cpp frees
   * adapters only with the model: the model is reloaded after this many adapters.
   *
   * @defaultValue 8
   */
  adaptersPerModelLoad?: number;
}

/**
 * Checkpointed state of {@link LlamaCppRolloutEngine}.
 *
 * @category llama.cpp
 */
export interface LlamaCppEngineState {
  /** Rollouts done (per-completion seeds derive from it). */
  rollouts: number;
  /** The policy version of the next rollout. */
  version: number;
}

/** Loads `node-llama-cpp` or explains how to install it. */
async function importNodeLlamaCpp(): Promise<NodeLlamaCppModule> {
  const name = 'node-llama-cpp';
  try {
    return (await import(/* @vite-ignore */ name)) as NodeLlamaCppModule;
  } catch (error) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message:
        "LlamaCppRolloutEngine: cannot import 'node-llama-cpp' (an optional peer); install it with `npm install node-llama-cpp` (it ships prebuilt llama.cpp binaries) or pass options.llama",
      cause: error,
    });
  }
}

/**
 * A {@link RolloutEngine} that samples on llama.cpp, in process, through `node-llama-cpp`'s
 * prebuilt native binaries (an optional peer): the policy is written as a GGUF file
 * ({@link writeCausalLMGguf}, float32 unless `weightType` says `'f16'`) before the first rollout, and after every optimiser step its LoRA
 * adapter ({@link writeLoraAdapterGguf}; a small file, loaded on a fresh context) or, without
 * an adapter, all its weights (the model is reloaded) are copied again, so every rollout samples
 * with the current policy. Completions run as parallel llama.cpp sequences of one context.
 * Each completion carries the sampler's log-probabilities (`samplingLogProbs`: llama.cpp's
 * probability of the sampled token after temperature, top-k and top-p) and its `policyVersion`;
 * the trainer recomputes the log-probabilities it trains on with its own policy, so GRPO's
 * numbers do not depend on llama.cpp. Soft tokens (multimodal embeddings) are refused.
 * Architectures: those of {@link writeCausalLMGguf}.
 *
 * @example
 * ```ts no-run
 * // Needs `npm install node-llama-cpp`.
 * import { loadCausalLM } from '@r1kit/lm';
 * import { LlamaCppRolloutEngine } from '@r1kit/rollout';
 * import { GrpoTrainer } from '@r1kit/trainer';
 * const model = await loadCausalLM('models/SmolLM2-135M-Instruct');
 * model.addAdapter({ rank: 16, alpha: 32, targetModules: ['q_proj', 'v_proj'] });
 * const engine = new LlamaCppRolloutEngine({ model, directory: '/tmp/r1kit-llama-cpp', seed: 1 });
 * const trainer = new GrpoTrainer({
 *   model,
 *   prompts: [{ promptIds: [1, 9690, 198] }],
 *   rewardFunctions: [{ name: 'short', compute: ({ completionIds }) => completionIds.map((ids) => -ids.length) }],
 *   rollout: engine,
 *   maxSteps: 10,
 * });
 * await trainer.train();
 * await engine.dispose();
 * ```
 *
 * @category llama.cpp
 */
export class LlamaCppRolloutEngine implements RolloutEngine {
  private llama: NodeLlama | undefined;
  private native: NodeLlamaModel | undefined;
  private context: NodeLlamaContext | undefined;
  /** The context's sequences, taken once and reused by every rollout. */
  private sequences: NodeLlamaSequence[] = [];
  private contextSize = 0;
  private adapterPath: string | undefined;
  private adaptersLoaded = 0;
  private baseWritten = false;
  /** Version of the weights llama.cpp holds (-1: none). */
  private heldVersion = -1;
  private version = 0;
  private rollouts = 0;
  private readonly eosTokenIds: ReadonlySet<number>;
  private queue: Promise<unknown> = Promise.resolve();

  /** Validates the options; nothing is written or loaded until the first rollout. */
  constructor(private readonly options: LlamaCppRolloutEngineOptions) {
    if (typeof options?.directory !== 'string' || options.directory.length === 0) {
      throw invalidArgument({
        functionName: 'LlamaCppRolloutEngine',
        argument: 'options.directory',
        received: options?.directory,
        expected: 'a directory path for the GGUF files',
      });
    }
    for (const [argument, value] of [
      ['parallelSequences', options.parallelSequences],
      ['threads', options.threads],
      ['adaptersPerModelLoad', options.adaptersPerModelLoad],
    ] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
        throw invalidArgument({
          functionName: 'LlamaCppRolloutEngine',
          argument: `options.${argument}`,
          received: value,
          expected: 'a positive integer',
        });
      }
    }
    const eos = options.eosTokenIds ?? options.model.config.eosTokenId ?? [];
    this.eosTokenIds = new Set(Array.isArray(eos) ? eos : [eos]);
  }

  /** Policy version of the weights the next rollout samples with. */
  get policyVersion(): number {
    return this.version;
  }

  /**
   * Samples `numGenerations` completions per prompt on llama.cpp (rollouts run one at a time).
   *
   * @param request - Prompts and sampling settings.
   * @returns Completions grouped by prompt, with `samplingLogProbs` and `policyVersion`.
   */
  rollout(request: RolloutRequest): Promise<RolloutCompletion[]> {
    // One rollout at a time: a weight sync replaces the context that a rollout samples on.
    const result = this.queue.then(() => this.sampleAll(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async sampleAll(request: RolloutRequest): Promise<RolloutCompletion[]> {
    if (request.softTokens) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message:
          'LlamaCppRolloutEngine: the request has soft tokens (multimodal embeddings), which llama.cpp cannot take here; use the in-process engine or SglangRolloutEngine',
      });
    }
    if (request.prompts.length === 0 || request.numGenerations === 0) return [];
    const longestPrompt = Math.max(...request.prompts.map((prompt) => prompt.promptIds.length));
    const jobs = request.prompts.flatMap((prompt, promptIndex) =>
      Array.from({ length: request.numGenerations }, () => ({
        promptIndex,
        ids: prompt.promptIds,
      })),
    );
    const sequences = Math.min(jobs.length, this.options.parallelSequences ?? 16);
    const free = await this.ready(sequences, longestPrompt + request.maxCompletionLength + 1);
    const rollout = this.rollouts;
    this.rollouts += 1;
    const version = this.version;
    const out: RolloutCompletion[] = new Array(jobs.length);
    let next = 0;
    const worker = async (sequence: NodeLlamaSequence) => {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index]!;
        const seed = (this.options.seed ?? 0) + rollout * 100003 + index;
        await sequence.clearHistory();
        out[index] = await this.sample(sequence, job, request, seed, version);
      }
    };
    await Promise.all(free.slice(0, sequences).map(worker));
    return out;
  }

  /**
   * Marks the new policy version; its weights are copied to llama.cpp before the next rollout.
   *
   * @param update - The new policy version.
   */
  onPolicyUpdate(update: PolicyUpdate): void {
    this.version = update.step;
  }

  /** The rollout counter and the policy version. */
  getState(): LlamaCppEngineState {
    return { rollouts: this.rollouts, version: this.version };
  }

  /** Restores {@link LlamaCppRolloutEngine.getState}; the weights are copied before the next rollout. */
  setState(state: unknown): void {
    this.rollouts = (state as LlamaCppEngineState)?.rollouts ?? 0;
    this.version = (state as LlamaCppEngineState)?.version ?? 0;
    this.heldVersion = -1;
  }

  /** Frees llama.cpp's context, model and binding, after the rollout in flight. */
  async dispose(): Promise<void> {
    await this.queue;
    await this.context?.dispose();
    await this.native?.dispose();
    await this.llama?.dispose();
    this.context = undefined;
    this.sequences = [];
    this.native = undefined;
    this.llama = undefined;
    this.heldVersion = -1;
  }

  private async sample(
    sequence: NodeLlamaSequence,
    job: { promptIndex: number; ids: readonly number[] },
    request: RolloutRequest,
    seed: number,
    version: number,
  ): Promise<RolloutCompletion> {
    const completionIds: number[] = [];
    const samplingLogProbs: number[] = [];
    let finishReason: RolloutCompletion['finishReason'] = 'length';
    const settings = {
      temperature: request.temperature,
      topK: request.topK,
      topP: request.topP,
      minP: 0,
      seed,
      yieldEogToken: true,
    };
    const withLogProbs = this.options.samplingLogProbs ?? true;
    const tokens = withLogProbs
      ? sequence.evaluateWithMetadata([...job.ids], { confidence: true }, settings)
      : sequence.evaluate([...job.ids], settings);
    for await (const sampled of tokens) {
      const token = typeof sampled === 'number' ? sampled : sampled.token;
      completionIds.push(token);
      if (typeof sampled !== 'number') samplingLogProbs.push(Math.log(sampled.confidence));
      if (this.eosTokenIds.has(token)) {
        finishReason = 'eos';
        break;
      }
      if (completionIds.length >= request.maxCompletionLength) break;
    }
    // llama.cpp ends the generator itself after its end-of-generation token (the config's).
    const last = completionIds.at(-1);
    if (finishReason === 'length' && completionIds.length < request.maxCompletionLength) {
      finishReason = last !== undefined && this.eosTokenIds.has(last) ? 'eos' : 'stop';
    }
    return {
      promptIndex: job.promptIndex,
      completionIds,
      text: this.options.decode?.(completionIds) ?? '',
      finishReason,
      ...(withLogProbs ? { samplingLogProbs } : {}),
      policyVersion: version,
    };
  }

  /**
   * Copies the current policy to llama.cpp when needed and returns the sequences of a context
   * that fits (at least `sequences` of at least `contextSize` tokens).
   */
  private async ready(sequences: number, contextSize: number): Promise<NodeLlamaSequence[]> {
    const { model, directory } = this.options;
    const path = nodePath();
    const lora = model.loraAdapter !== undefined;
    if (this.heldVersion !== this.version || this.native === undefined) {
      await nodeFsPromises().mkdir(directory, { recursive: true });
      this.llama ??= await (this.options.llama ?? (await importNodeLlamaCpp())).getLlama({
        gpu: false,
        build: 'never',
        logLevel: 'error',
        ...(this.options.threads === undefined ? {} : { maxThreads: this.options.threads }),
      });
      const basePath = path.join(directory, 'policy.gguf');
      const reload =
        this.native === undefined ||
        !lora ||
        this.adaptersLoaded >= (this.options.adaptersPerModelLoad ?? 8);
      await this.context?.dispose();
      this.context = undefined;
      this.sequences = [];
      if (reload) {
        await this.native?.dispose();
        this.native = undefined;
        if (!lora || !this.baseWritten) {
          await writeCausalLMGguf({ model, path: basePath, weightType: this.options.weightType });
        }
        this.baseWritten = true;
        this.native = await this.llama.loadModel({ modelPath: basePath });
        this.adaptersLoaded = 0;
      }
      if (lora) {
        const previous = this.adapterPath;
        this.adapterPath = path.join(directory, `adapter-v${this.version}-${this.rollouts}.gguf`);
        await writeLoraAdapterGguf({ model, path: this.adapterPath });
        this.adaptersLoaded += 1;
        if (previous !== undefined) await nodeFsPromises().rm(previous, { force: true });
      }
      this.heldVersion = this.version;
    }
    const fits = this.sequences.length >= sequences && this.contextSize >= contextSize;
    if (this.context === undefined || !fits) {
      await this.context?.dispose();
      this.contextSize = Math.max(contextSize, this.contextSize);
      const count = Math.max(sequences, this.sequences.length);
      const exact = (this.options.weightType ?? 'f32') === 'f32';
      this.context = await this.native!.createContext({
        contextSize: this.contextSize,
        sequences: count,
        threads: this.options.threads ?? this.llama!.cpuMathCores,
        // llama.cpp's defaults (a half-precision key/value cache, flash attention in half
        // precision) move log-probs by about 1e-2 on peaked distributions; float32 weights get
        // float32 attention, so that sampling follows the policy to float32 rounding.
        ...(exact
          ? {
              experimentalKvCacheKeyType: 'F32' as const,
              experimentalKvCacheValueType: 'F32' as const,
              flashAttention: false,
            }
          : {}),
        ...(this.adapterPath === undefined || !lora
          ? {}
          : { lora: { adapters: [{ filePath: this.adapterPath, scale: 1 }] } }),
      });
      this.sequences = Array.from({ length: count }, () => this.context!.getSequence());
    }
    return this.sequences;
  }
}
