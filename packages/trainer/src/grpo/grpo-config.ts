import type { SoftTokenProvider } from '@r1kit/core';
import type {
  GroupAdvantagesOptions,
  ImportanceSamplingCorrectionOptions,
  PolicyLossOptions,
} from '@r1kit/grpo';
import type { CausalLM } from '@r1kit/lm';
import type * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig, TrainingRunOptions } from '../train/optimizer-config.js';
import type { GrpoPrompt, NamedRewardFunction, RolloutEngine } from './grpo-types.js';
import type { InProcessRolloutOptions } from './in-process-rollout-engine.js';

/**
 * The loss settings of {@link GrpoTrainer} (`options.loss`): `@r1kit/grpo`'s `policyLoss`,
 * `groupAdvantages` and `importanceSamplingCorrection` options under their own (TRL) names,
 * handed to them unrenamed, plus what the trainer decides around the loss. The trainer computes
 * the loss with TRL's conventions (`preset: 'trl'`, k3 KL estimator). `beta > 0` or `logKl`
 * need a reference policy (`referenceModel`, or a LoRA adapter on the model).
 *
 * @category GRPO
 */
export interface GrpoTrainerLossOptions
  extends Pick<
      PolicyLossOptions,
      'beta' | 'epsilon' | 'epsilonHigh' | 'lossType' | 'importanceSamplingLevel' | 'entropyCoef'
    >,
    Pick<GroupAdvantagesOptions, 'scaleRewards'>,
    ImportanceSamplingCorrectionOptions {
  /**
   * Whether to compute the KL to the reference and log it as `kl` even when `beta` is 0, for
   * monitoring: one extra reference forward pass per micro-batch; the loss, the gradients and
   * the run's random draws are unchanged. Needs a reference like `beta > 0` does.
   *
   * @defaultValue false
   */
  logKl?: boolean;
  /**
   * Overlong filtering: truncated completions keep their reward in the group statistics but are
   * left out of the loss.
   *
   * @defaultValue false
   */
  maskTruncatedCompletions?: boolean;
  /**
   * Off-policy correction between the sampler and the trainer (TRL's
   * `vllm_importance_sampling_correction`): when the rollout engine reports
   * `samplingLogProbs`, each token's loss is multiplied by the bounded ratio of the trainer's to
   * the sampler's probability (`vllmImportanceSamplingMode`, `vllmImportanceSamplingCap`), and
   * `sampling/*` metrics are logged. No effect for engines without sampling log-probs (the
   * in-process engine).
   *
   * @defaultValue true
   */
  vllmImportanceSamplingCorrection?: boolean;
}

/**
 * Options of {@link GrpoTrainer}: TRL `GRPOConfig` names in camelCase plus the model, data and
 * reward functions. Run-level settings (group size, batch sizes, lengths, sampling, optimiser,
 * steps) sit at the top level; the in-process engine's own settings are in `rollout` (where an
 * external engine takes their place), the loss settings in `loss`. Unknown keys, at the top
 * level or in a group, are refused with `INVALID_ARGUMENT` naming where a moved option lives.
 *
 * @typeParam Payload - Per-sample extra data (features, ground truth).
 * @category GRPO
 */
export interface GrpoTrainerOptions<Payload = unknown> extends OptimizerConfig, TrainingRunOptions {
  /** The policy; its `trainableVariables()` are trained. */
  model: CausalLM;
  /** Training prompts (visited in seeded shuffled order, epoch after epoch). */
  prompts: ReadonlyArray<GrpoPrompt<Payload>>;
  /** Reward functions; their weighted sum is the reward. */
  rewardFunctions: ReadonlyArray<NamedRewardFunction<Payload>>;
  /**
   * One weight per reward function (TRL `reward_weights`).
   *
   * @defaultValue all 1
   */
  rewardWeights?: readonly number[];
  /**
   * `'sum_then_normalize'` (weighted sum, then group advantages) or `'normalize_then_sum'` (GDPO)
   * (TRL `multi_objective_aggregation`).
   *
   * @defaultValue 'sum_then_normalize'
   */
  multiObjectiveAggregation?: 'sum_then_normalize' | 'normalize_then_sum';
  /**
   * Where completions come from: a {@link RolloutEngine} (an inference server from
   * `@r1kit/rollout`, or any implementation), or the settings of the default
   * {@link InProcessRolloutEngine}, which samples `model` in this process with a generator seeded
   * by `seed`. Every engine receives `numGenerations`, `maxCompletionLength`, `temperature`,
   * `topP` and `topK` with each request.
   *
   * @defaultValue `{}`: the in-process engine with its defaults
   */
  rollout?: RolloutEngine<Payload> | InProcessRolloutOptions;
  /**
   * The loss settings: clip ranges, loss type, KL, entropy, advantage scaling, off-policy
   * correction.
   *
   * @defaultValue `{}`: every default of {@link GrpoTrainerLossOptions}
   */
  loss?: GrpoTrainerLossOptions;
  /**
   * Padding id of the policy batches (and of the in-process engine).
   *
   * @defaultValue the first end-of-sequence id (`rollout.eosTokenId` of the in-process engine,
   *   else `model.config.eosTokenId`), else 0
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
   * Longest completion in tokens (also the `'dr_grpo'` loss type's constant).
   *
   * @defaultValue 256
   */
  maxCompletionLength?: number;
  /**
   * Sampling temperature, sent to the engine with each request and applied to the logits of
   * every log-prob pass.
   *
   * @defaultValue 1
   */
  temperature?: number;
  /**
   * Nucleus sampling mass (sent to the engine with each request).
   *
   * @defaultValue 1
   */
  topP?: number;
  /**
   * Top-k sampling, 0 = off (sent to the engine with each request).
   *
   * @defaultValue 0
   */
  topK?: number;
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
   * One-step-ahead asynchronous generation (verl / TRL `max_staleness`): with 1, the rollout of
   * the next generation is requested before this one trains, so a server generates while the
   * trainer computes; those completions come from the policy one generation behind (tagged with
   * their `policyVersion`), and the off-policy correction weighs them against the current
   * policy. Needs a `rollout` engine that samples from its own copy of the weights (an inference
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
