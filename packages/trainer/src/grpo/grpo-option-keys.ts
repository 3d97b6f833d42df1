import { invalidArgument } from '@r1kit/core';
import type { GrpoTrainerLossOptions, GrpoTrainerOptions } from './grpo-config.js';
import type { RolloutEngine } from './grpo-types.js';
import type { InProcessRolloutOptions } from './in-process-rollout-engine.js';

// Records over `keyof` so that the compiler keeps these lists equal to the interfaces.
const topLevelKeys: Record<keyof GrpoTrainerOptions, true> = {
  model: true,
  prompts: true,
  rewardFunctions: true,
  rewardWeights: true,
  multiObjectiveAggregation: true,
  rollout: true,
  loss: true,
  padTokenId: true,
  extraVariables: true,
  softTokens: true,
  referenceModel: true,
  exportModel: true,
  numGenerations: true,
  perDeviceTrainBatchSize: true,
  gradientAccumulationSteps: true,
  stepsPerGeneration: true,
  numIterations: true,
  maxCompletionLength: true,
  temperature: true,
  topP: true,
  topK: true,
  dynamicSampling: true,
  maxNumGenBatches: true,
  maxStaleness: true,
  chunkSize: true,
  gradientCheckpointing: true,
  learningRate: true,
  weightDecay: true,
  adamBeta1: true,
  adamBeta2: true,
  adamEpsilon: true,
  maxGradNorm: true,
  lrSchedulerType: true,
  warmupSteps: true,
  warmupRatio: true,
  maxSteps: true,
  seed: true,
  outputDir: true,
  saveSteps: true,
  progress: true,
  progressStream: true,
};

const lossKeys: Record<keyof GrpoTrainerLossOptions, true> = {
  beta: true,
  logKl: true,
  epsilon: true,
  epsilonHigh: true,
  lossType: true,
  importanceSamplingLevel: true,
  entropyCoef: true,
  scaleRewards: true,
  maskTruncatedCompletions: true,
  vllmImportanceSamplingCorrection: true,
  vllmImportanceSamplingMode: true,
  vllmImportanceSamplingCap: true,
};

const inProcessKeys: Record<keyof InProcessRolloutOptions, true> = {
  tokenizer: true,
  eosTokenId: true,
  stop: true,
  logitsProcessors: true,
  useCache: true,
};

const functionName = 'GrpoTrainer';

/**
 * Whether `rollout` is an engine (has a `rollout()` method) rather than in-process settings.
 * @internal
 */
export function isRolloutEngine<Payload>(
  rollout: GrpoTrainerOptions<Payload>['rollout'],
): rollout is RolloutEngine<Payload> {
  return typeof (rollout as RolloutEngine<Payload> | undefined)?.rollout === 'function';
}

/**
 * Refuses keys that {@link GrpoTrainerOptions} does not have, at the top level, in `loss` and in
 * the in-process `rollout` settings, so that a misplaced option (for example a tokenizer beside
 * an external engine, or `beta` outside `loss`) is an error instead of being ignored. Keys whose
 * value is `undefined` are let through.
 * @internal
 */
export function checkGrpoOptionKeys<Payload>(options: GrpoTrainerOptions<Payload>): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key in topLevelKeys) continue;
    throw invalidArgument({
      functionName,
      argument: `options.${key}`,
      received: value,
      expected: `absent: ${topLevelHint(key)}`,
    });
  }
  const { loss, rollout } = options;
  if (loss !== undefined) {
    if (typeof loss !== 'object' || loss === null || Array.isArray(loss)) {
      throw invalidArgument({
        functionName,
        argument: 'options.loss',
        received: loss,
        expected: 'an object of loss settings (beta, epsilon, lossType, ...)',
      });
    }
    for (const [key, value] of Object.entries(loss)) {
      if (value === undefined || key in lossKeys) continue;
      throw invalidArgument({
        functionName,
        argument: `options.loss.${key}`,
        received: value,
        expected: `absent: ${key in topLevelKeys ? `it is a run setting, give it as options.${key}` : `options.loss takes ${Object.keys(lossKeys).join(', ')}`}`,
      });
    }
  }
  if (rollout === undefined || isRolloutEngine(rollout)) return;
  if (typeof rollout !== 'object' || rollout === null || Array.isArray(rollout)) {
    throw invalidArgument({
      functionName,
      argument: 'options.rollout',
      received: rollout,
      expected: 'a RolloutEngine (an object with a rollout() method) or in-process engine settings',
    });
  }
  for (const [key, value] of Object.entries(rollout)) {
    if (value === undefined || key in inProcessKeys) continue;
    throw invalidArgument({
      functionName,
      argument: `options.rollout.${key}`,
      received: value,
      expected: `absent: ${key in topLevelKeys ? `every engine receives it, give it as options.${key}` : `the in-process engine's settings are ${Object.keys(inProcessKeys).join(', ')}; an external engine is an object with a rollout() method`}`,
    });
  }
}

/** Where a top-level key that is not an option belongs, if it moved. */
function topLevelHint(key: string): string {
  if (key === 'rolloutEngine') return 'an external engine is given as options.rollout';
  if (key in lossKeys) return `it is a loss setting, give it as options.loss.${key}`;
  if (key in inProcessKeys) {
    return `it is a setting of the in-process engine, give it as options.rollout.${key} (an external engine in options.rollout has its own)`;
  }
  return 'GrpoTrainer has no such option';
}
