import { type MerSample, merSoftTokens } from '@r1kit/datasets';
import type { EmotionWheelSet } from '@r1kit/emotion-wheel';
import type { TransformerCausalLM } from '@r1kit/lm';
import type { GrpoTrainerOptions } from '@r1kit/trainer';
import type { PresetConfig } from '../cli/presets.js';
import type { Policy } from './build-policy.js';
import { rewardFunctionsFor } from './reward-functions.js';
import { promptIds } from './sft-examples.js';

/**
 * Inputs of {@link grpoTrainerOptions}.
 *
 * @category Pipeline
 */
export interface GrpoTrainerOptionsInput {
  /** Tokenizer, LM and multimodal adapter. */
  policy: Policy;
  /** Training samples (the GRPO prompts). */
  train: readonly MerSample[];
  /** The run's settings (a preset, or a full run config). */
  config: PresetConfig & { seed: number };
  /** Wheels the EW rewards score against. */
  wheels: EmotionWheelSet;
  /** Frozen SFT copy for the KL (full fine-tuning); omit with LoRA (the base is the reference). */
  referenceModel?: TransformerCausalLM;
  /** Where checkpoints and `metrics.jsonl` go; omit to write nothing. */
  outputDir?: string;
  /**
   * Progress output.
   *
   * @defaultValue `true`
   */
  progress?: boolean;
}

/**
 * The `GrpoTrainer` options of stage 2, shared by the pipeline and the benchmark so that both
 * run the same step: EW rewards with their weights, soft tokens from the adapter, the KL to the
 * SFT model logged on every run (in the loss only with `beta > 0`).
 *
 * @param input - Policy, data, settings and where to write.
 * @returns Options for `new GrpoTrainer<MerSample>(...)`.
 * @example
 * ```ts
 * const trainer = new GrpoTrainer(grpoTrainerOptions({ policy, train, config, wheels }));
 * ```
 * @category Pipeline
 */
export function grpoTrainerOptions(input: GrpoTrainerOptionsInput): GrpoTrainerOptions<MerSample> {
  const { policy, config } = input;
  const { rewardFunctions, rewardWeights } = rewardFunctionsFor(config, input.wheels);
  return {
    model: policy.model,
    prompts: input.train.map((sample) => ({
      promptIds: promptIds(policy, sample),
      payload: sample,
    })),
    rewardFunctions,
    rewardWeights,
    rollout: {
      tokenizer: policy.tokenizer,
      eosTokenId: policy.endTokenId,
    },
    loss: { beta: config.beta, logKl: true },
    extraVariables: policy.adapter.trainableVariables(),
    softTokens: merSoftTokens({
      adapter: policy.adapter,
      placeholderTokenId: policy.placeholderTokenId,
    }),
    referenceModel: input.referenceModel,
    padTokenId: policy.endTokenId,
    numGenerations: config.numGenerations,
    perDeviceTrainBatchSize: config.promptsPerStep * config.numGenerations,
    maxCompletionLength: config.maxCompletionLength,
    temperature: config.temperature,
    topP: config.topP,
    learningRate: config.grpoLearningRate,
    maxSteps: config.grpoSteps,
    seed: config.seed,
    outputDir: input.outputDir,
    saveSteps: Math.max(1, Math.floor(config.grpoSteps / 4)),
    progress: input.progress ?? true,
  };
}
