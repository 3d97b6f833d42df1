import type { SoftTokens } from '@r1kit/core';

/**
 * One training prompt of GRPO.
 *
 * @typeParam Payload - Per-sample extra data: multimodal features for the soft-token provider,
 *   ground truth for reward functions.
 * @category GRPO
 */
export interface GrpoPrompt<Payload = unknown> {
  /** Prompt token ids (chat template applied, no padding). */
  promptIds: readonly number[];
  /**
   * Extra per-sample data, handed to the soft-token provider and to reward functions (as
   * `payloads`): TRL's dataset columns, such as `groundTruth`.
   *
   * @defaultValue none
   */
  payload?: Payload;
}

/**
 * What a {@link RolloutEngine} is asked to sample.
 *
 * @typeParam Payload - Per-sample extra data.
 * @category GRPO
 */
export interface RolloutRequest<Payload = unknown> {
  /** The prompts of this generation batch. */
  prompts: ReadonlyArray<GrpoPrompt<Payload>>;
  /** Completions per prompt (`num_generations`). */
  numGenerations: number;
  /** Largest number of completion tokens (`max_completion_length`). */
  maxCompletionLength: number;
  /** Sampling temperature. */
  temperature: number;
  /** Nucleus mass (1 = off). */
  topP: number;
  /** Top-k (0 = off). */
  topK: number;
  /**
   * Soft tokens of the prompts (`@r1kit/lm`'s type, one row of `embeddings` per prompt), built
   * once per rollout by the trainer from its `softTokens` provider and reused by its old-policy
   * and reference passes; owned by the trainer. An engine that cannot take embeddings must throw
   * when they are given rather than sample without them.
   *
   * @defaultValue none
   */
  softTokens?: SoftTokens;
}

/**
 * One sampled completion.
 *
 * @category GRPO
 */
export interface RolloutCompletion {
  /** Index of its prompt in the request. */
  promptIndex: number;
  /** Sampled ids, including a final end-of-sequence token when one was sampled. */
  completionIds: number[];
  /** Decoded text (empty when the engine has no tokenizer). */
  text: string;
  /** `'length'` when it hit `maxCompletionLength` (truncated), else how it stopped. */
  finishReason: 'stop' | 'eos' | 'length';
  /**
   * The sampler's log-prob of each completion token (one per `completionIds` entry), as an
   * inference server reports it. When present, the trainer applies the off-policy correction
   * (`vllmImportanceSamplingCorrection`) between these and its own log-probs.
   *
   * @defaultValue none (the in-process engine samples with the trainer's own weights)
   */
  samplingLogProbs?: number[];
  /**
   * The policy version (optimiser steps applied) of the weights that sampled this completion.
   *
   * @defaultValue none
   */
  policyVersion?: number;
}

/**
 * What {@link RolloutEngine.onPolicyUpdate} is told after an optimiser step.
 *
 * @category GRPO
 */
export interface PolicyUpdate {
  /** Optimiser steps done, counting this one: the new policy version. */
  step: number;
}

/**
 * Where completions come from. The in-process engine samples with `@r1kit/sampling`; another
 * implementation can call an inference server without any change to the trainer. Results are
 * grouped by prompt: entry `p * numGenerations + j` is the `j`-th completion of prompt `p`.
 *
 * @typeParam Payload - Per-sample extra data.
 * @category GRPO
 */
export interface RolloutEngine<Payload = unknown> {
  /**
   * Samples `numGenerations` completions per prompt.
   *
   * @param request - Prompts and sampling settings.
   * @returns `prompts.length * numGenerations` completions grouped by prompt.
   */
  rollout(request: RolloutRequest<Payload>): Promise<RolloutCompletion[]>;
  /** The engine's random state (JSON), saved in checkpoints so resumed runs sample identically. */
  getState?(): unknown;
  /** Restores a state from {@link RolloutEngine.getState}. */
  setState?(state: unknown): void;
  /**
   * Called after every optimiser step, before the next rollout: an engine that samples on a
   * server syncs the new weights here (e.g. saves and hot-loads a LoRA adapter). A rejection
   * stops training with that error.
   *
   * @param update - The new policy version.
   */
  onPolicyUpdate?(update: PolicyUpdate): Promise<void> | void;
}

/**
 * What a reward function sees: one entry per completion, in rollout order. These are TRL's
 * `reward_func(prompts=..., completions=..., completion_ids=..., **kwargs)` arguments, with the
 * dataset columns of TRL's `kwargs` as one `payloads` row per completion. A reward function
 * destructures only what it reads, so a function of `{ completions, payloads }` (such as the
 * reward functions of `@r1kit/emotion-wheel`, which read `payload.groundTruth`) is a
 * {@link RewardFunction} as it is.
 *
 * @typeParam Payload - Per-sample extra data.
 * @category GRPO
 */
export interface RewardFunctionInputs<Payload = unknown> {
  /** The prompt of each completion. */
  readonly prompts: ReadonlyArray<GrpoPrompt<Payload>>;
  /** Completion texts (empty strings when the rollout engine has no tokenizer). */
  readonly completions: readonly string[];
  /** Completion token ids. */
  readonly completionIds: ReadonlyArray<readonly number[]>;
  /** Finish reasons (`'length'` = truncated). */
  readonly finishReasons: ReadonlyArray<RolloutCompletion['finishReason']>;
  /**
   * Payload of each completion's prompt (TRL's dataset columns, such as the ground truth;
   * `undefined` where the prompt has none).
   */
  readonly payloads: ReadonlyArray<Payload | undefined>;
}

/**
 * A reward function: one number per completion, or `null` where it does not apply (TRL's
 * `None`); may be async.
 *
 * @typeParam Payload - Per-sample extra data.
 * @param inputs - The completions and their prompts.
 * @returns One reward (or null) per completion.
 * @category GRPO
 */
export type RewardFunction<Payload = unknown> = (
  inputs: RewardFunctionInputs<Payload>,
) => ReadonlyArray<number | null> | Promise<ReadonlyArray<number | null>>;

/**
 * A named reward function; the name appears in the metrics as `rewards/<name>/mean`.
 *
 * @typeParam Payload - Per-sample extra data.
 * @category GRPO
 */
export interface NamedRewardFunction<Payload = unknown> {
  /** Metric name. */
  name: string;
  /** The function. */
  compute: RewardFunction<Payload>;
}
