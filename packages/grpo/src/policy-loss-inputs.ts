import { invalidArgument, requireFiniteArray, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyLossInputs } from './policy-loss-options.js';

const name = 'policyLoss';

/** Checks the tensors of {@link policyLoss}'s inputs: ranks, shapes and the mask. @internal */
export function validatePolicyLossInputs(inputs: PolicyLossInputs): void {
  if (typeof inputs !== 'object' || inputs === null) {
    throw invalidArgument({
      functionName: name,
      argument: 'inputs',
      received: inputs,
      expected: 'an object { logp, advantages, mask, oldLogp?, refLogp?, logits?, entropy? }',
    });
  }
  const shape = requireTensor({
    functionName: name,
    argument: 'inputs.logp',
    value: inputs.logp,
    rank: 2,
  }).shape;
  for (const key of ['oldLogp', 'refLogp', 'mask'] as const) {
    if (inputs[key] === undefined && key !== 'mask') continue;
    requireTensor({
      functionName: name,
      argument: `inputs.${key}`,
      value: inputs[key],
      shape,
      shapeName: 'the shape of logp',
    });
  }
  if (inputs.entropy !== undefined) {
    requireTensor({
      functionName: name,
      argument: 'inputs.entropy',
      value: inputs.entropy,
      shape,
      shapeName: 'the shape of logp',
    });
  }
  if (inputs.logits !== undefined) {
    const logits = requireTensor({
      functionName: name,
      argument: 'inputs.logits',
      value: inputs.logits,
      rank: 3,
    });
    requireTensor({
      functionName: name,
      argument: 'inputs.logits',
      value: logits,
      shape: [...shape, logits.shape[2]!],
      shapeName: 'the shape of logp plus vocab',
    });
  }
  checkMask(inputs.mask);
}

/** The advantages as a `[batch]` or `[batch, time]` tensor (created by the caller's tidy). @internal */
export function advantagesTensor(
  advantages: PolicyLossInputs['advantages'],
  shape: number[],
): tf.Tensor {
  if (advantages instanceof tf.Tensor) {
    requireTensor({ functionName: name, argument: 'inputs.advantages', value: advantages });
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
  const values = requireFiniteArray({
    functionName: name,
    argument: 'inputs.advantages',
    value: advantages,
  });
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
