import { invalidArgument } from '@r1kit/core';
import { lossAggregations } from './aggregate-loss.js';
import { klEstimators } from './kl-penalty.js';
import { validatePolicyLossInputs } from './policy-loss-inputs.js';
import type { PolicyLossInputs, PolicyLossOptions } from './policy-loss-options.js';
import { grpoPresets, grpoPresetValues } from './presets.js';
import { checkChoice, checkNumber } from './validate.js';

const name = 'policyLoss';

/** Validates the inputs and resolves every option against the preset. @internal */
export function resolvePolicyLoss(inputs: PolicyLossInputs, options: PolicyLossOptions) {
  validatePolicyLossInputs(inputs);
  const shape = inputs.logp.shape;
  const preset = checkChoice(options.preset ?? 'trl', grpoPresets, name, 'options.preset');
  const pinned = grpoPresetValues[preset];
  const epsilonLow = checkNumber(
    options.epsilonLow ?? 0.2,
    name,
    'options.epsilonLow',
    0,
    1,
    'a number in [0, 1]',
  );
  const epsilonHigh = checkNumber(
    options.epsilonHigh ?? epsilonLow,
    name,
    'options.epsilonHigh',
    0,
    Number.POSITIVE_INFINITY,
    'a finite number >= 0',
  );
  const dualClipOption = options.dualClip ?? pinned.dualClip ?? false;
  const dualClip =
    dualClipOption === false
      ? undefined
      : checkNumber(
          dualClipOption,
          name,
          'options.dualClip',
          1,
          Number.POSITIVE_INFINITY,
          'a number > 1 or false',
        );
  const importanceSampling = checkChoice(
    options.importanceSampling ?? 'token',
    ['token', 'sequence'] as const,
    name,
    'options.importanceSampling',
  );
  const defaultMode =
    preset === 'verl' && importanceSampling === 'sequence' ? 'seq-mean-token-mean' : 'token-mean';
  const mode = checkChoice(
    options.lossAggregation ?? defaultMode,
    lossAggregations,
    name,
    'options.lossAggregation',
  );
  const clampOption = options.logRatioClamp ?? pinned.logRatioClamp ?? false;
  const logRatioClamp =
    clampOption === false
      ? undefined
      : checkNumber(
          clampOption,
          name,
          'options.logRatioClamp',
          Number.MIN_VALUE,
          Number.POSITIVE_INFINITY,
          'a number > 0 or false',
        );
  const beta = checkNumber(
    options.beta ?? 0,
    name,
    'options.beta',
    0,
    Number.POSITIVE_INFINITY,
    'a finite number >= 0',
  );
  if (beta > 0 && inputs.refLogp === undefined) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.refLogp',
      received: undefined,
      expected: 'a tensor when options.beta > 0',
    });
  }
  const klEstimator = checkChoice(
    options.klEstimator ?? pinned.klEstimator,
    klEstimators,
    name,
    'options.klEstimator',
  );
  const entropyCoefficient = checkNumber(
    options.entropyCoefficient ?? 0,
    name,
    'options.entropyCoefficient',
  );
  if (entropyCoefficient !== 0 && inputs.logits === undefined && inputs.entropy === undefined) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.logits',
      received: undefined,
      expected:
        'a [batch, time, vocab] tensor (or inputs.entropy) when options.entropyCoefficient is not 0',
    });
  }
  const temperature = checkNumber(
    options.temperature ?? 1,
    name,
    'options.temperature',
    Number.MIN_VALUE,
    Number.POSITIVE_INFINITY,
    'a finite number > 0',
  );
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
      : checkNumber(value, name, argument, minimum, Number.POSITIVE_INFINITY, what);
  const surrogate = checkChoice(
    options.surrogate ?? 'clip',
    ['clip', 'sapo', 'cispo'] as const,
    name,
    'options.surrogate',
  );
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
    epsilonLow,
    epsilonHigh,
    dualClip,
    importanceSampling,
    aggregation: { mode, maxCompletionLength, countEmptySequences: pinned.countEmptySequences },
    regularizerMode: pinned.tokenMeanRegularizers ? ('token-mean' as const) : mode,
    logRatioClamp,
    sequenceLogRatioMax: pinned.sequenceLogRatioMax,
    beta,
    klEstimator,
    klClamp: options.klClamp,
    entropyCoefficient,
    temperature,
    computeMetrics: options.computeMetrics ?? true,
  };
}
