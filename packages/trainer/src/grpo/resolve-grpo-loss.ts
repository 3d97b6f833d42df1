import { requireNumber, requireOneOf } from '@r1kit/core';
import type { GrpoTrainerLossOptions } from './grpo-config.js';

/**
 * Validates `options.loss` of {@link GrpoTrainer} and fills in every default; errors name
 * `options.loss.<key>`.
 * @internal
 */
export function resolveGrpoLoss(
  loss: GrpoTrainerLossOptions = {},
  functionName = 'GrpoTrainer',
): Required<GrpoTrainerLossOptions> {
  const argument = (key: keyof GrpoTrainerLossOptions) => `options.loss.${key}`;
  const epsilon = requireNumber({
    functionName,
    argument: argument('epsilon'),
    value: loss.epsilon ?? 0.2,
    min: 0,
    max: 1,
    exclusiveMin: true,
  });
  return {
    beta: requireNumber({
      functionName,
      argument: argument('beta'),
      value: loss.beta ?? 0,
      min: 0,
    }),
    logKl: loss.logKl ?? false,
    epsilon,
    epsilonHigh: requireNumber({
      functionName,
      argument: argument('epsilonHigh'),
      value: loss.epsilonHigh ?? epsilon,
      min: 0,
      max: 10,
      exclusiveMin: true,
    }),
    lossType: requireOneOf({
      functionName,
      argument: argument('lossType'),
      value: loss.lossType ?? 'dapo',
      allowed: ['grpo', 'bnpo', 'dr_grpo', 'dapo', 'seq-mean-token-sum', 'token-sum'] as const,
    }),
    importanceSamplingLevel: requireOneOf({
      functionName,
      argument: argument('importanceSamplingLevel'),
      value: loss.importanceSamplingLevel ?? 'token',
      allowed: ['token', 'sequence'] as const,
    }),
    entropyCoef: requireNumber({
      functionName,
      argument: argument('entropyCoef'),
      value: loss.entropyCoef ?? 0,
      min: 0,
    }),
    scaleRewards: requireOneOf({
      functionName,
      argument: argument('scaleRewards'),
      value: loss.scaleRewards ?? 'group',
      allowed: ['group', 'batch', 'none'] as const,
    }),
    maskTruncatedCompletions: loss.maskTruncatedCompletions ?? false,
    vllmImportanceSamplingCorrection: loss.vllmImportanceSamplingCorrection ?? true,
    vllmImportanceSamplingMode: requireOneOf({
      functionName,
      argument: argument('vllmImportanceSamplingMode'),
      value: loss.vllmImportanceSamplingMode ?? 'sequence_mask',
      allowed: ['token_truncate', 'token_mask', 'sequence_truncate', 'sequence_mask'] as const,
    }),
    vllmImportanceSamplingCap: requireNumber({
      functionName,
      argument: argument('vllmImportanceSamplingCap'),
      value: loss.vllmImportanceSamplingCap ?? 3,
      min: 0,
      exclusiveMin: true,
    }),
  };
}
