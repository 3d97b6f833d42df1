import { invalidArgument, requireNumber, requireOneOf } from '@r1kit/core';
import { lossTypes } from './aggregate-loss.js';
import { klEstimators } from './kl-penalty.js';
import { validatePolicyLossInputs } from './policy-loss-inputs.js';
import type { PolicyLossInputs, PolicyLossOptions } from './policy-loss-options.js';
import { grpoPresets, grpoPresetValues } from './presets.js';
import { requireTemperature } from './shared-checks.js';

const name = 'policyLoss';

/** Validates the inputs and resolves every option against the preset. @internal */
export function resolvePolicyLoss(inputs: PolicyLossInputs, options: PolicyLossOptions) {
  validatePolicyLossInputs(inputs);
  const shape = inputs.logp.shape;
  const preset = requireOneOf({
    functionName: name,
    argument: 'options.preset',
    value: options.preset ?? 'trl',
    allowed: grpoPresets,
  });
  const pinned = grpoPresetValues[preset];
  const epsilon = requireNumber({
    functionName: name,
    argument: 'options.epsilon',
    value: options.epsilon ?? 0.2,
    min: 0,
    max: 1,
    expected: 'a number in [0, 1]',
  });
  const epsilonHigh = requireNumber({
    functionName: name,
    argument: 'options.epsilonHigh',
    value: options.epsilonHigh ?? epsilon,
    min: 0,
    expected: 'a finite number >= 0',
  });
  const dualClipOption = options.dualClip ?? pinned.dualClip ?? false;
  const dualClip =
    dualClipOption === false
      ? undefined
      : requireNumber({
          functionName: name,
          argument: 'options.dualClip',
          value: dualClipOption,
          min: 1,
          expected: 'a number > 1 or false',
        });
  const importanceSamplingLevel = requireOneOf({
    functionName: name,
    argument: 'options.importanceSamplingLevel',
    value: options.importanceSamplingLevel ?? 'token',
    allowed: ['token', 'sequence'] as const,
  });
  const defaultLossType =
    preset === 'verl' && importanceSamplingLevel === 'sequence' ? 'grpo' : 'dapo';
  const lossType = requireOneOf({
    functionName: name,
    argument: 'options.lossType',
    value: options.lossType ?? defaultLossType,
    allowed: lossTypes,
  });
  const clampOption = options.logRatioClamp ?? pinned.logRatioClamp ?? false;
  const logRatioClamp =
    clampOption === false
      ? undefined
      : requireNumber({
          functionName: name,
          argument: 'options.logRatioClamp',
          value: clampOption,
          min: Number.MIN_VALUE,
          expected: 'a number > 0 or false',
        });
  const beta = requireNumber({
    functionName: name,
    argument: 'options.beta',
    value: options.beta ?? 0,
    min: 0,
    expected: 'a finite number >= 0',
  });
  if (beta > 0 && inputs.refLogp === undefined) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.refLogp',
      received: undefined,
      expected: 'a tensor when options.beta > 0',
    });
  }
  const klEstimator = requireOneOf({
    functionName: name,
    argument: 'options.klEstimator',
    value: options.klEstimator ?? pinned.klEstimator,
    allowed: klEstimators,
  });
  const entropyCoef = requireNumber({
    functionName: name,
    argument: 'options.entropyCoef',
    value: options.entropyCoef ?? 0,
  });
  if (entropyCoef !== 0 && inputs.logits === undefined && inputs.entropy === undefined) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.logits',
      received: undefined,
      expected:
        'a [batch, time, vocab] tensor (or inputs.entropy) when options.entropyCoef is not 0',
    });
  }
  const temperature = requireTemperature(name, options.temperature);
  const maxCompletionLength = options.maxCompletionLength ?? shape[1]!;
  if (!Number.isInteger(maxCompletionLength) || maxCompletionLength <= 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.maxCompletionLength',
      received: maxCompletionLength,
      expected: 'a positive integer',
    });
  }
  const positive = 'a finite number > 0';
  const optionalPositive = (
    value: number | undefined,
    argument: string,
    minimum = Number.MIN_VALUE,
    what = positive,
  ) =>
    value === undefined
      ? undefined
      : requireNumber({ functionName: name, argument, value, min: minimum, expected: what });
  const surrogate = requireOneOf({
    functionName: name,
    argument: 'options.surrogate',
    value: options.surrogate ?? 'clip',
    allowed: ['clip', 'sapo', 'cispo'] as const,
  });
  const delta = optionalPositive(
    options.delta,
    'options.delta',
    1 + epsilonHigh,
    `a number >= 1 + epsilonHigh (${1 + epsilonHigh})`,
  );
  return {
    preset,
    surrogate,
    delta,
    sapoTemperaturePositive: optionalPositive(
      options.sapoTemperaturePositive ?? 1,
      'options.sapoTemperaturePositive',
    )!,
    sapoTemperatureNegative: optionalPositive(
      options.sapoTemperatureNegative ?? 1.05,
      'options.sapoTemperatureNegative',
    )!,
    cispoMaxWeight: optionalPositive(options.cispoMaxWeight, 'options.cispoMaxWeight'),
    epsilon,
    epsilonHigh,
    dualClip,
    importanceSamplingLevel,
    aggregation: {
      lossType,
      maxCompletionLength,
      countEmptySequences: pinned.countEmptySequences,
    },
    regularizerLossType: pinned.tokenMeanRegularizers ? ('dapo' as const) : lossType,
    logRatioClamp,
    sequenceLogRatioMax: pinned.sequenceLogRatioMax,
    beta,
    klEstimator,
    klClamp: options.klClamp,
    entropyCoef,
    temperature,
    computeMetrics: options.computeMetrics ?? true,
  };
}
