import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { lossAggregations } from './aggregate-loss.js';
import { klEstimators } from './kl-penalty.js';
import type { PolicyLossInputs, PolicyLossOptions } from './policy-loss-options.js';
import { grpoPresets, grpoPresetValues } from './presets.js';
import { checkChoice, checkNumber, checkShape, checkTensor, finiteArray } from './validate.js';

const name = 'policyLoss';

/** Validates the inputs and resolves every option against the preset. @internal */
export function resolvePolicyLoss(inputs: PolicyLossInputs, options: PolicyLossOptions) {
  if (typeof inputs !== 'object' || inputs === null) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs',
      received: inputs,
      expected: 'an object { logp, advantages, mask, oldLogp?, refLogp?, logits? }',
    });
  }
  const logp = checkTensor(inputs.logp, name, 'inputs.logp', 2);
  const shape = logp.shape;
  for (const key of ['oldLogp', 'refLogp', 'mask'] as const) {
    if (inputs[key] === undefined && key !== 'mask') continue;
    checkShape(
      checkTensor(inputs[key], name, `inputs.${key}`),
      shape,
      name,
      `inputs.${key}`,
      'logp',
    );
  }
  if (inputs.logits !== undefined) {
    const logits = checkTensor(inputs.logits, name, 'inputs.logits', 3);
    checkShape(logits, [...shape, logits.shape[2]!], name, 'inputs.logits', 'logp plus vocab');
  }
  checkMask(inputs.mask);
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
  if (entropyCoefficient !== 0 && inputs.logits === undefined) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.logits',
      received: undefined,
      expected: 'a [batch, time, vocab] tensor when options.entropyCoefficient is not 0',
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
  return {
    preset,
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

/** The advantages as a `[batch]` or `[batch, time]` tensor (created by the caller's tidy). @internal */
export function advantagesTensor(
  advantages: PolicyLossInputs['advantages'],
  shape: number[],
): tf.Tensor {
  if (advantages instanceof tf.Tensor) {
    checkTensor(advantages, name, 'inputs.advantages');
    const perSequence = advantages.rank === 1 && advantages.shape[0] === shape[0];
    const perToken =
      advantages.rank === 2 && advantages.shape[0] === shape[0] && advantages.shape[1] === shape[1];
    if (!perSequence && !perToken) {
      throw invalidArgument({
        functionName: name,
        argument: 'inputs.advantages',
        received: advantages,
        expected: `shape [${shape[0]}] or [${shape.join(', ')}] (batch of logp)`,
        code: 'SHAPE_MISMATCH',
      });
    }
    return tf.cast(advantages, 'float32');
  }
  const values = finiteArray(advantages, name, 'inputs.advantages');
  if (values.length !== shape[0]) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.advantages',
      received: advantages,
      expected: `${shape[0]} advantages (one per sequence of logp)`,
      code: 'SHAPE_MISMATCH',
    });
  }
  return tf.tensor1d(Float32Array.from(values));
}

function checkMask(mask: tf.Tensor): void {
  const values = mask.dataSync();
  let valid = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]!;
    if (value !== 0 && value !== 1) {
      throw invalidArgument({
        functionName: name,
        argument: `inputs.mask (flat index ${i})`,
        received: value,
        expected: '0 or 1',
      });
    }
    valid += value;
  }
  if (valid === 0) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs.mask',
      received: mask,
      expected: 'a mask with at least one valid (1) token',
    });
  }
}
