import { invalidArgument, R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { CausalLMConfig, ForwardInputs } from '../types.js';

/** Throws an INVALID_ARGUMENT/SHAPE_MISMATCH error naming a `forward` input. */
function fail(
  argument: string,
  received: unknown,
  expected: string,
  code?: 'SHAPE_MISMATCH',
): never {
  throw invalidArgument({
    functionName: 'forward',
    argument: `inputs.${argument}`,
    received,
    expected,
    code,
  });
}

/**
 * Checks the inputs of a forward pass against the architecture before any tensor work, so that a
 * bad call fails with an error naming the input rather than deep inside TensorFlow.js.
 *
 * @param inputs - The forward inputs.
 * @param config - The architecture.
 * @returns The batch size, new length and cached length.
 */
export function validateForwardInputs(
  inputs: ForwardInputs,
  config: CausalLMConfig,
): { batch: number; time: number; past: number } {
  const { inputIds, attentionMask, inputsEmbeds, pastKeyValues } = inputs;
  if (!(inputIds instanceof tf.Tensor) || inputIds.rank !== 2 || inputIds.dtype !== 'int32') {
    fail('inputIds', inputIds, 'an int32 tensor of shape [batch, time]');
  }
  const [batch, time] = inputIds.shape;
  if (batch === 0 || time === 0) fail('inputIds', inputIds, 'a non-empty [batch, time] tensor');
  if (inputsEmbeds !== undefined) {
    const shape = inputsEmbeds.shape;
    if (
      inputsEmbeds.rank !== 3 ||
      shape[0] !== batch ||
      shape[1] !== time ||
      shape[2] !== config.hiddenSize
    ) {
      fail(
        'inputsEmbeds',
        inputsEmbeds,
        `a [${batch}, ${time}, ${config.hiddenSize}] tensor`,
        'SHAPE_MISMATCH',
      );
    }
  } else {
    const ids = inputIds.dataSync();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < 0 || id >= config.vocabSize) {
        fail(
          `inputIds[${Math.floor(i / time)}][${i % time}]`,
          id,
          `a token id in [0, ${config.vocabSize})`,
        );
      }
    }
  }
  let past = 0;
  if (pastKeyValues !== undefined) {
    const layers = pastKeyValues.layers;
    if (layers.length !== config.numHiddenLayers) {
      fail(
        'pastKeyValues.layers.length',
        layers.length,
        `${config.numHiddenLayers} (one per layer)`,
        'SHAPE_MISMATCH',
      );
    }
    if (layers.some((layer) => layer.key.isDisposed || layer.value.isDisposed)) {
      throw new R1kitError({
        code: 'INVALID_STATE',
        message:
          'forward: inputs.pastKeyValues has been disposed; pass the cache returned by the previous call and dispose it only after that call',
      });
    }
    past = pastKeyValues.length;
    if (layers[0]!.key.shape[0] !== batch) {
      fail(
        'pastKeyValues',
        layers[0]!.key,
        `a cache of batch ${batch} (the batch of inputIds)`,
        'SHAPE_MISMATCH',
      );
    }
  }
  if (attentionMask !== undefined) {
    const shape = attentionMask.shape;
    if (attentionMask.rank !== 2 || shape[0] !== batch || shape[1] !== past + time) {
      fail(
        'attentionMask',
        attentionMask,
        `a [${batch}, ${past + time}] tensor (batch, past + time)`,
        'SHAPE_MISMATCH',
      );
    }
  }
  return { batch, time, past };
}
