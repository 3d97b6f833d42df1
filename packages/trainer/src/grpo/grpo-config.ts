import type { ImportanceSamplingMode } from '@r1kit/grpo';
import type { CausalLM } from '@r1kit/lm';
import type { GenerationTokenizer, LogitsProcessor } from '@r1kit/sampling';
import type * as tf from '@tensorflow/tfjs-core';
import type { SoftTokenProvider } from '../sft/sft-example.js';
import type { OptimizerConfig, RunConfig } from '../train/optimizer-config.js';
import type { GrpoPrompt, NamedRewardFunction, RolloutEngine } from './grpo-types.js';

/**
 * How the clipped token losses are aggregated (TRL `loss_type`): `'dapo'` one token mean per
 * optimiser step, `'bnpo'` token mean per micro-batch, `'grpo'` mean of per-sequence token
 * means, `'dr_grpo'` token sum over `rows * maxCompletionLength`.
 *
 * @category GRPO
 */
export type GrpoLossType = 'dapo' | 'bnpo' | 'grpo' | 'dr_grpo';

/**
 * Options of {@link GrpoTrainer}: TRL `GRPOConfig` names in camelCase plus the model, data and
 * reward functions.
 *
 * @typeParam Payload - Per-sample extra data (features, ground truth).
 * @category GRPO
 */
export interface GrpoTrainerOptions<Payload = unknown> extends OptimizerConfig, RunConfig {
  /** The policy; its `trainableVariables()` are trained. */
  model: CausalLM;
  /** Training prompts (visited in seeded shuffled order, epoch after epoch). */
  prompts: ReadonlyArray<GrpoPrompt<Payload>>;
  /** Reward functions; their weighted sum is the reward. */
  rewardFunctions: ReadonlyArray<NamedRewardFunction<Payload>>;
  /**
   * One weight per reward function.
   *
   * @defaultValue all 1
   */
  rewardWeights?: readonly number[];
  /**
   * `'sum_then_normalize'` (weighted sum, then group advantages) or `'normalize_then_sum'` (GDPO).
   *
   * @defaultValue 'sum_then_normalize'
   */
  multiObjectiveAggregation?: 'sum_then_normalize' | 'normalize_then_sum';
  /**
   * Where completions come from.
   *
   * @defaultValue an {@link InProcessRolloutEngine} over `model` seeded with `seed`
   */
  rolloutEngine?: RolloutEngine<Payload>;
  /**
   * Tokenizer of the default engine (completion texts for reward functions).
   *
   * @defaultValue none
   */
  tokenizer?: GenerationTokenizer;
  /**
   * Extra logits processors of the default engine.
   *
   * @defaultValue []
   */
  logitsProcessors?: readonly LogitsProcessor[];
  /**
   * End-of-sequence id(s) of the default engine.
   *
   * @defaultValue `model.config.eosTokenId`
   */
  eosTokenId?: number | readonly number[];
  /**
   * Padding id of the policy batches (and of the default engine).
   *
   * @defaultValue the first end-of-sequence id, else 0
   */
  padTokenId?: number;
  /**
   * More variables to train (multimodal encoder adapters).
   *
   * @defaultValue []
   */
  extraVariables?: readonly tf.Variable[];
  /**
   * Builds soft tokens from payloads (inside the differentiated function during updates).
   *
   * @defaultValue none
   */
  softTokens?: SoftTokenProvider<Payload>;
  /**
   * A frozen reference model for the KL term.
   *
   * @defaultValue the policy with its LoRA adapter disabled (`withAdaptersDisabled`)
   */
  referenceModel?: CausalLM;
  /**
   * Writes the model into `checkpoint-<step>/model`.
   *
   * @defaultValue `exportTransformerModel(model)` (PEFT adapter or Hugging Face model) for an
   *   `@r1kit/lm` transformer, else none
   */
  exportModel?: (directory: string) => Promise<void>;
  /**
   * Completions per prompt (the group size G).
   *
   * @defaultValue 8
   */
  numGenerations?: number;
  /**
   * Completions per micro-batch.
   *
   * @defaultValue 8
   */
  perDeviceTrainBatchSize?: number;
  /**
   * Micro-batches per optimiser step.
   *
   * @defaultValue 1
   */
  gradientAccumulationSteps?: number;
  /**
   * Micro-batches per generation: one rollout holds `perDeviceTrainBatchSize * stepsPerGeneration`
   * completions.
   *
   * @defaultValue `gradientAccumulationSteps`
   */
  stepsPerGeneration?: number;
  /**
   * Passes over each rollout (mu); above 1 the ratio to the rollout policy leaves 1 and clipping acts.
   *
   * @defaultValue 1
   */
  numIterations?: number;
  /**
   * Longest completion in tokens.
   *
   * @defaultValue 256
   */
  maxCompletionLength?: number;
  /**
   * Sampling temperature (also applied to the logits of the loss).
   *
   * @defaultValue 1
   */
  temperature?: number;
  /**
   * Nucleus sampling mass.
   *
   * @defaultValue 1
   */
  topP?: number;
  /**
   * Top-k sampling (0 = off).
   *
   * @defaultValue 0
   */
  topK?: number;
  /**
   * KL coefficient to the reference (k3 estimator in the loss); 0 skips the reference pass.
   *
   * @defaultValue 0
   */
  beta?: number;
  /**
   * Whether to compute the KL to the reference and log it as `kl` even when `beta` is 0, for
   * monitoring: one extra reference forward pass per micro-batch; the loss, the gradients and
   * the run's random draws are unchanged. Needs a reference like `beta > 0` does.
   *
   * @defaultValue false
   */
  logKl?: boolean;
  /**
   * Lower clip range.
   *
   * @defaultValue 0.2
   */
  epsilon?: number;
  /**
   * Upper clip range (clip-higher; DAPO uses 0.28).
   *
   * @defaultValue `epsilon`
   */
  epsilonHigh?: number;
  /**
   * Loss aggregation.
   *
   * @defaultValue 'dapo'
   */
  lossType?: GrpoLossType;
  /**
   * Advantage scaling: `'group'` std, `'batch'` std, or `'none'` (Dr. GRPO).
   *
   * @defaultValue 'group'
   */
  scaleRewards?: 'group' | 'batch' | 'none';
  /**
   * Token-level or sequence-level (GSPO) importance ratio.
   *
   * @defaultValue 'token'
   */
  importanceSamplingLevel?: 'token' | 'sequence';
  /**
   * Entropy bonus coefficient.
   *
   * @defaultValue 0
   */
  entropyCoef?: number;
  /**
   * Overlong filtering: truncated completions keep their reward in the group statistics but are
   * left out of the loss.
   *
   * @defaultValue false
   */
  maskTruncatedCompletions?: boolean;
  /**
   * DAPO dynamic sampling: groups whose rewards all agree (no signal) are dropped and more
   * prompts are sampled to refill the batch, up to `maxNumGenBatches` rollouts per step.
   *
   * @defaultValue false
   */
  dynamicSampling?: boolean;
  /**
   * Most rollouts per step when `dynamicSampling` refills the batch (verl `max_num_gen_batches`).
   *
   * @defaultValue 3
   */
  maxNumGenBatches?: number;
  /**
   * Off-policy correction between the sampler and the trainer (TRL's
   * `vllm_importance_sampling_correction`): when the rollout engine reports
   * `samplingLogProbs`, each token's loss is multiplied by the bounded ratio of the trainer's to
   * the sampler's probability, and `sampling/*` metrics are logged. No effect for engines without
   * sampling log-probs (the in-process engine).
   *
   * @defaultValue true
   */
  vllmImportanceSamplingCorrection?: boolean;
  /**
   * Ratio granularity and bound (`@r1kit/grpo`'s `importanceSamplingCorrection`).
   *
   * @defaultValue 'sequence_mask'
   */
  vllmImportanceSamplingMode?: ImportanceSamplingMode;
  /**
   * Cap C of the ratio (truncated at C, or zeroed above C).
   *
   * @defaultValue 3
   */
  vllmImportanceSamplingCap?: number;
  /**
   * One-step-ahead asynchronous generation (verl / TRL `max_staleness`): with 1, the rollout of
   * the next generation is requested before this one trains, so a server generates while the
   * trainer computes; those completions come from the policy one generation behind (tagged with
   * their `policyVersion`), and the off-policy correction weighs them against the current
   * policy. Needs a `rolloutEngine` that samples from its own copy of the weights (an inference
   * server), never the in-process engine over the model being trained. Checkpoints record the
   * data order before the prefetched rollout, so a resumed run samples those prompts again.
   *
   * @defaultValue 0 (synchronous: every rollout comes from the current policy)
   */
  maxStaleness?: number;
  /**
   * Completion positions whose `[rows, chunk, vocab]` logits exist at once in every log-prob pass
   * (`@r1kit/lm`'s `sequenceLogProbs`); the backward pass recomputes each chunk, so the output
   * head's memory grows with the chunk, not with `maxCompletionLength`.
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Recompute each decoder layer's activations in the backward pass instead of keeping them
   * (TRL's `gradient_checkpointing`): less memory, about one more forward pass of time.
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
}
