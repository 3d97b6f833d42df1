import {
  invalidArgument,
  R1kitError,
  requireInteger,
  requireNumber,
  requireOneOf,
} from '@r1kit/core';
import type { CausalLM } from '@r1kit/lm';
import type { GrpoTrainerLossOptions, GrpoTrainerOptions } from './grpo-config.js';
import { checkGrpoOptionKeys, isRolloutEngine } from './grpo-option-keys.js';
import { resolveGrpoLoss } from './resolve-grpo-loss.js';

/**
 * The validated settings of a GRPO run, every default filled in (see {@link GrpoTrainerOptions}
 * for what each one means).
 *
 * @category GRPO
 */
export interface ResolvedGrpoConfig {
  /** Completions per prompt. */
  numGenerations: number;
  /** Completions per micro-batch. */
  perDeviceTrainBatchSize: number;
  /** Micro-batches per optimiser step. */
  gradientAccumulationSteps: number;
  /** Micro-batches per generation. */
  stepsPerGeneration: number;
  /** Prompts per rollout: `perDeviceTrainBatchSize * stepsPerGeneration / numGenerations`. */
  promptsPerGeneration: number;
  /** Passes over each rollout. */
  numIterations: number;
  /** Longest completion. */
  maxCompletionLength: number;
  /** Sampling temperature. */
  temperature: number;
  /** Nucleus mass. */
  topP: number;
  /** Top-k (0 = off). */
  topK: number;
  /** Whether zero-variance groups are dropped and refilled. */
  dynamicSampling: boolean;
  /** Most rollouts per step under dynamic sampling. */
  maxNumGenBatches: number;
  /** One weight per reward function. */
  rewardWeights: number[];
  /** How reward functions combine. */
  multiObjectiveAggregation: 'sum_then_normalize' | 'normalize_then_sum';
  /** The loss settings (`options.loss`), every default filled in. */
  loss: Required<GrpoTrainerLossOptions>;
  /** Generations a rollout may lag behind the policy (0 or 1). */
  maxStaleness: number;
  /** Completion positions per logit chunk. */
  chunkSize: number;
  /** Whether decoder layers are recomputed in the backward pass. */
  gradientCheckpointing: boolean;
}

/**
 * Validates {@link GrpoTrainerOptions}; every error names the option, the value and the fix.
 * @internal
 */
export function resolveGrpoConfig<Payload>(
  options: GrpoTrainerOptions<Payload>,
): ResolvedGrpoConfig {
  const name = 'GrpoTrainer';
  const fail = (argument: string, received: unknown, expected: string, code?: 'INVALID_CONFIG') =>
    invalidArgument({
      functionName: name,
      argument: `options.${argument}`,
      received,
      expected,
      code,
    });
  if (!options?.model || typeof options.model.forward !== 'function')
    throw fail('model', options?.model, 'a CausalLM');
  checkGrpoOptionKeys(options);
  if (!Array.isArray(options.prompts) || options.prompts.length === 0) {
    throw fail('prompts', options.prompts, 'a non-empty array of { promptIds, payload? }');
  }
  options.prompts.forEach((prompt, index) => {
    const ids = prompt?.promptIds;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.some((id) => !Number.isInteger(id) || id < 0 || id >= options.model.config.vocabSize)
    ) {
      throw fail(
        `prompts[${index}].promptIds`,
        ids,
        `a non-empty array of token ids in [0, ${options.model.config.vocabSize})`,
      );
    }
  });
  const functions = options.rewardFunctions;
  if (
    !Array.isArray(functions) ||
    functions.length === 0 ||
    functions.some((item) => typeof item?.compute !== 'function' || !item.name)
  ) {
    throw fail('rewardFunctions', functions, 'a non-empty array of { name, compute }');
  }
  if (new Set(functions.map((item) => item.name)).size !== functions.length) {
    throw fail(
      'rewardFunctions',
      functions.map((item) => item.name),
      'functions with distinct names',
    );
  }
  const rewardWeights = [...(options.rewardWeights ?? functions.map(() => 1))];
  if (
    rewardWeights.length !== functions.length ||
    rewardWeights.some((weight) => !Number.isFinite(weight))
  ) {
    throw fail(
      'rewardWeights',
      options.rewardWeights,
      `${functions.length} finite numbers (one per reward function)`,
    );
  }
  const numGenerations = requireInteger({
    functionName: name,
    argument: 'options.numGenerations',
    value: options.numGenerations ?? 8,
    min: 2,
  });
  const perDeviceTrainBatchSize = requireInteger({
    functionName: name,
    argument: 'options.perDeviceTrainBatchSize',
    value: options.perDeviceTrainBatchSize ?? 8,
    min: 1,
  });
  const gradientAccumulationSteps = requireInteger({
    functionName: name,
    argument: 'options.gradientAccumulationSteps',
    value: options.gradientAccumulationSteps ?? 1,
    min: 1,
  });
  const stepsPerGeneration = requireInteger({
    functionName: name,
    argument: 'options.stepsPerGeneration',
    value: options.stepsPerGeneration ?? gradientAccumulationSteps,
    min: 1,
  });
  if (stepsPerGeneration % gradientAccumulationSteps !== 0) {
    throw fail(
      'stepsPerGeneration',
      stepsPerGeneration,
      `a multiple of gradientAccumulationSteps (${gradientAccumulationSteps})`,
      'INVALID_CONFIG',
    );
  }
  const generationBatch = perDeviceTrainBatchSize * stepsPerGeneration;
  if (generationBatch % numGenerations !== 0) {
    throw fail(
      'numGenerations',
      numGenerations,
      `a divisor of perDeviceTrainBatchSize * stepsPerGeneration (${generationBatch}), so each rollout holds whole groups`,
      'INVALID_CONFIG',
    );
  }
  const config: ResolvedGrpoConfig = {
    numGenerations,
    perDeviceTrainBatchSize,
    gradientAccumulationSteps,
    stepsPerGeneration,
    promptsPerGeneration: generationBatch / numGenerations,
    numIterations: requireInteger({
      functionName: name,
      argument: 'options.numIterations',
      value: options.numIterations ?? 1,
      min: 1,
    }),
    maxCompletionLength: requireInteger({
      functionName: name,
      argument: 'options.maxCompletionLength',
      value: options.maxCompletionLength ?? 256,
      min: 1,
    }),
    temperature: requireNumber({
      functionName: name,
      argument: 'options.temperature',
      value: options.temperature ?? 1,
      min: 0,
      max: 100,
      exclusiveMin: true,
    }),
    topP: requireNumber({
      functionName: name,
      argument: 'options.topP',
      value: options.topP ?? 1,
      min: 0,
      max: 1,
      exclusiveMin: true,
    }),
    topK: requireInteger({
      functionName: name,
      argument: 'options.topK',
      value: options.topK ?? 0,
      min: 0,
    }),
    dynamicSampling: options.dynamicSampling ?? false,
    maxNumGenBatches: requireInteger({
      functionName: name,
      argument: 'options.maxNumGenBatches',
      value: options.maxNumGenBatches ?? 3,
      min: 1,
    }),
    rewardWeights,
    multiObjectiveAggregation: requireOneOf({
      functionName: name,
      argument: 'options.multiObjectiveAggregation',
      value: options.multiObjectiveAggregation ?? 'sum_then_normalize',
      allowed: ['sum_then_normalize', 'normalize_then_sum'] as const,
    }),
    loss: resolveGrpoLoss(options.loss, name),
    maxStaleness: requireInteger({
      functionName: name,
      argument: 'options.maxStaleness',
      value: options.maxStaleness ?? 0,
      min: 0,
      max: 1,
    }),
    chunkSize: requireInteger({
      functionName: name,
      argument: 'options.chunkSize',
      value: options.chunkSize ?? 64,
      min: 1,
    }),
    gradientCheckpointing: options.gradientCheckpointing ?? false,
  };
  if (config.maxStaleness > 0 && !isRolloutEngine(options.rollout)) {
    throw new R1kitError({
      code: 'INVALID_CONFIG',
      message: `${name}: options.maxStaleness is ${config.maxStaleness} but options.rollout is not an engine; the in-process engine samples the weights being trained, so generation cannot run ahead of training. Pass an engine that samples on a server (@r1kit/rollout) or set maxStaleness to 0`,
    });
  }
  // The adapter-disabled policy is the reference only while an adapter is attached: without one,
  // "adapters disabled" is the policy itself and the KL would always be 0.
  const adapterReference = hasAdapterReference(options.model);
  const hasReference = options.referenceModel !== undefined || adapterReference;
  const { beta, logKl } = config.loss;
  if ((beta > 0 || logKl) && !hasReference) {
    const why = beta > 0 ? `options.loss.beta is ${beta}` : 'options.loss.logKl is true';
    throw new R1kitError({
      code: 'INVALID_CONFIG',
      message: `${name}: ${why} but there is no reference policy; pass options.referenceModel, attach a LoRA adapter to the model (its base is the reference), or set loss.beta to 0 and loss.logKl to false`,
    });
  }
  return config;
}

/** Whether `model` can serve as its own KL reference (adapters attached and switchable). @internal */
export function hasAdapterReference(model: CausalLM): boolean {
  return model.hasAdapters === true && typeof model.withAdaptersDisabled === 'function';
}
