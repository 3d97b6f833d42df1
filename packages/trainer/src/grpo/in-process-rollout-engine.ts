import { RandomGenerator, type RandomGeneratorState } from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import { type GenerationTokenizer, generate, type LogitsProcessor } from '@r1kit/sampling';
import type { RolloutCompletion, RolloutEngine, RolloutRequest } from './grpo-types.js';

/**
 * The settings of the in-process engine that a {@link GrpoTrainer} creates (its `rollout`
 * option); the trainer supplies the model, the seed and the padding id.
 *
 * @category GRPO
 */
export interface InProcessRolloutOptions {
  /**
   * Decodes completions to text for the reward functions.
   *
   * @defaultValue none (texts are empty)
   */
  tokenizer?: GenerationTokenizer;
  /**
   * End-of-sequence id(s).
   *
   * @defaultValue `model.config.eosTokenId`
   */
  eosTokenId?: number | readonly number[];
  /**
   * Stop sequences (strings need `tokenizer`).
   *
   * @defaultValue []
   */
  stop?: ReadonlyArray<string | readonly number[]>;
  /**
   * Extra logits processors (e.g. a think/answer frame).
   *
   * @defaultValue []
   */
  logitsProcessors?: readonly LogitsProcessor[];
  /**
   * Whether generation uses the model's KV cache.
   *
   * @defaultValue true
   */
  useCache?: boolean;
}

/**
 * Options of {@link InProcessRolloutEngine}: the {@link InProcessRolloutOptions} plus the model,
 * the seed and the padding id.
 *
 * @category GRPO
 */
export interface InProcessRolloutEngineOptions extends InProcessRolloutOptions {
  /** The policy (sampled in this process, so it always has the latest weights). */
  model: CausalLM;
  /**
   * Seed of the sampling generator (its state is checkpointed).
   *
   * @defaultValue 0
   */
  seed?: number;
  /**
   * Left-padding id for prompts.
   *
   * @defaultValue the first end-of-sequence id, else 0
   */
  padTokenId?: number;
}

/**
 * A {@link RolloutEngine} that samples with `@r1kit/sampling`'s `generate` in this process, from
 * a seeded generator whose state goes into checkpoints.
 *
 * @typeParam Payload - Per-sample extra data.
 * @example
 * ```ts
 * import { createCausalLM } from '@r1kit/lm';
 * import { InProcessRolloutEngine } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: {
 *     modelType: 'qwen2', vocabSize: 16, hiddenSize: 8, intermediateSize: 16, numHiddenLayers: 1,
 *     numAttentionHeads: 2, numKeyValueHeads: 1, maxPositionEmbeddings: 32, ropeTheta: 10000,
 *     rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true, eosTokenId: 2,
 *   },
 *   seed: 0,
 * });
 * const engine = new InProcessRolloutEngine({ model, seed: 1 });
 * const completions = await engine.rollout({
 *   prompts: [{ promptIds: [1, 5, 9] }], numGenerations: 4, maxCompletionLength: 8,
 *   temperature: 1, topP: 1, topK: 0,
 * });
 * console.log(completions.map((completion) => completion.completionIds));
 * model.dispose();
 * ```
 *
 * @category GRPO
 */
export class InProcessRolloutEngine<Payload = unknown> implements RolloutEngine<Payload> {
  private rng: RandomGenerator;

  /** Seeds the generator. */
  constructor(private readonly options: InProcessRolloutEngineOptions) {
    this.rng = RandomGenerator.fromSeed(options.seed ?? 0);
  }

  /**
   * Samples completions for every prompt.
   *
   * @param request - Prompts and sampling settings.
   * @returns Completions grouped by prompt.
   */
  async rollout(request: RolloutRequest<Payload>): Promise<RolloutCompletion[]> {
    const result = await generate(
      this.options.model,
      request.prompts.map((prompt) => prompt.promptIds),
      {
        maxCompletionLength: request.maxCompletionLength,
        numGenerations: request.numGenerations,
        temperature: request.temperature,
        topP: request.topP,
        topK: request.topK,
        rng: this.rng,
        tokenizer: this.options.tokenizer,
        softTokens: request.softTokens,
        eosTokenId: this.options.eosTokenId,
        padTokenId: this.options.padTokenId,
        stop: this.options.stop,
        logitsProcessors: this.options.logitsProcessors,
        useCache: this.options.useCache,
      },
    );
    return result.sequences.map((sequence) => ({
      promptIndex: sequence.promptIndex,
      completionIds: sequence.tokenIds,
      text: sequence.text ?? '',
      finishReason: sequence.finishReason,
    }));
  }

  /** The generator state. */
  getState(): RandomGeneratorState {
    return this.rng.getState();
  }

  /** Restores the generator state. */
  setState(state: unknown): void {
    this.rng = RandomGenerator.fromState(state as RandomGeneratorState);
  }
}
