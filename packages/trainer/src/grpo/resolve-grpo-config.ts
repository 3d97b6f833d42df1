import { invalidArgument, R1kitError } from '@r1kit/core';
import type { ImportanceSamplingMode } from '@r1kit/grpo';
import type { CausalLM } from '@r1kit/lm';
import { requireInteger, requireNumber, requireOneOf } from '../internal/validate.js';
import type { GrpoLossType, GrpoTrainerOptions } from './grpo-config.js';

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
  /** KL coefficient. */
  beta: number;
  /** Whether the KL to the reference is computed (and logged) even when `beta` is 0. */
  logKl: boolean;
  /** Lower clip range. */
  epsilon: number;
  /** Upper clip range. */
  epsilonHigh: number;
  /** Loss aggregation. */
  lossType: GrpoLossType;
  /** Advantage scaling. */
  scaleRewards: 'group' | 'batch' | 'none';
  /** Ratio level. */
  importanceSamplingLevel: 'token' | 'sequence';
  /** Entropy bonus coefficient. */
  entropyCoef: number;
  /** Whether truncated completions leave the loss. */
  maskTruncatedCompletions: boolean;
  /** Whether zero-variance groups are dropped and refilled. */
  dynamicSampling: boolean;
  /** Most rollouts per step under dynamic sampling. */
  maxNumGenBatches: number;
  /** One weight per reward function. */
  rewardWeights: number[];
  /** How reward functions combine. */
  multiObjectiveAggregation: 'sum_then_normalize' | 'normalize_then_sum';
  /** Whether reported sampling log-probs enter the off-policy correction. */
  vllmImportanceSamplingCorrection: boolean;
  /** Off-policy ratio mode. */
  vllmImportanceSamplingMode: ImportanceSamplingMode;
  /** Off-policy ratio cap. */
  vllmImportanceSamplingCap: number;
}

/** Validates {@link GrpoTrainerOptions}; every error names the option, the value and the fix. @internal */
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
  const numGenerations = requireInteger(
    name,
    'options.numGenerations',
    options.numGenerations ?? 8,
    2,
  );
  const perDeviceTrainBatchSize = requireInteger(
    name,
    'options.perDeviceTrainBatchSize',
    options.perDeviceTrainBatchSize ?? 8,
    1,
  );
  const gradientAccumulationSteps = requireInteger(
    name,
    'options.gradientAccumulationSteps',
    options.gradientAccumulationSteps ?? 1,
    1,
  );
  const stepsPerGeneration = requireInteger(
    name,
    'options.stepsPerGeneration',
    options.stepsPerGeneration ?? gradientAccumulationSteps,
    1,
  );
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
  const epsilon = requireNumber(name, 'options.epsilon', options.epsilon ?? 0.2, 0, 1, true);
  const config: ResolvedGrpoConfig = {
    numGenerations,
    perDeviceTrainBatchSize,
    gradientAccumulationSteps,
    stepsPerGeneration,
    promptsPerGeneration: generationBatch / numGenerations,
    numIterations: requireInteger(name, 'options.numIterations', options.numIterations ?? 1, 1),
    maxCompletionLength: requireInteger(
      name,
      'options.maxCompletionLength',
      options.maxCompletionLength ?? 256,
      1,
    ),
    temperature: requireNumber(name, 'options.temperature', options.temperature ?? 1, 0, 100, true),
    topP: requireNumber(name, 'options.topP', options.topP ?? 1, 0, 1, true),
    topK: requireInteger(name, 'options.topK', options.topK ?? 0, 0),
    beta: requireNumber(name, 'options.beta', options.beta ?? 0, 0),
    logKl: options.logKl ?? false,
    epsilon,
    epsilonHigh: requireNumber(
      name,
      'options.epsilonHigh',
      options.epsilonHigh ?? epsilon,
      0,
      10,
      true,
    ),
    lossType: requireOneOf(name, 'options.lossType', options.lossType ?? 'dapo', [
      'dapo',
      'bnpo',
      'grpo',
      'dr_grpo',
    ] as const),
    scaleRewards: requireOneOf(name, 'options.scaleRewards', options.scaleRewards ?? 'group', [
      'group',
      'batch',
      'none',
    ] as const),
    importanceSamplingLevel: requireOneOf(
      name,
      'options.importanceSamplingLevel',
      options.importanceSamplingLevel ?? 'token',
      ['token', 'sequence'] as const,
    ),
    entropyCoef: requireNumber(name, 'options.entropyCoef', options.entropyCoef ?? 0, 0),
    maskTruncatedCompletions: options.maskTruncatedCompletions ?? false,
    dynamicSampling: options.dynamicSampling ?? false,
    maxNumGenBatches: requireInteger(
      name,
      'options.maxNumGenBatches',
      options.maxNumGenBatches ?? 3,
      1,
    ),
    rewardWeights,
    multiObjectiveAggregation: requireOneOf(
      name,
      'options.multiObjectiveAggregation',
      options.multiObjectiveAggregation ?? 'sum_then_normalize',
      ['sum_then_normalize', 'normalize_then_sum'] as const,
    ),
    vllmImportanceSamplingCorrection: options.vllmImportanceSamplingCorrection ?? true,
    vllmImportanceSamplingMode: requireOneOf(
      name,
      'options.vllmImportanceSamplingMode',
      options.vllmImportanceSamplingMode ?? 'sequence_mask',
      ['token_truncate', 'token_mask', 'sequence_truncate', 'sequence_mask'] as const,
    ),
    vllmImportanceSamplingCap: requireNumber(
      name,
      'options.vllmImportanceSamplingCap',
      options.vllmImportanceSamplingCap ?? 3,
      0,
      Number.POSITIVE_INFINITY,
      true,
    ),
  };
  // The adapter-disabled policy is the reference only while an adapter is attached: without one,
  // "adapters disabled" is the policy itself and the KL would always be 0.
  const adapterReference = hasAdapterReference(options.model);
  const hasReference = options.referenceModel !== undefined || adapterReference;
  if ((config.beta > 0 || config.logKl) && !hasReference) {
    const why = config.beta > 0 ? `options.beta is ${config.beta}` : 'options.logKl is true';
    throw new R1kitError({
      code: 'INVALID_CONFIG',
      message: `${name}: ${why} but there is no reference policy; pass options.referenceModel, attach a LoRA adapter to the model (its base is the reference), or set beta to 0 and logKl to false`,
    });
  }
  return config;
}

/** Whether `model` can serve as its own KL reference (adapters attached and switchable). @internal */
export function hasAdapterReference(model: CausalLM): boolean {
  return model.hasAdapters === true && typeof model.withAdaptersDisabled === 'function';
}
