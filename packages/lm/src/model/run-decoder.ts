import * as tf from '@tensorflow/tfjs-core';
import { attentionBias } from '../layers/attention-mask.js';
import { type DecoderLayerWeights, decoderLayer } from '../layers/decoder-layer.js';
import { decoderStep } from '../layers/decoder-step.js';
import { embeddingLookup } from '../layers/embedding-lookup.js';
import { scaleEmbeddings } from '../layers/embedding-scale.js';
import type { LinearContext } from '../layers/linear.js';
import { normOffset, rmsNorm } from '../layers/rms-norm.js';
import { replaceSoftTokens } from '../layers/soft-tokens.js';
import { checkpointedDecoderLayer } from '../memory/checkpointed-decoder-layer.js';
import type { CausalLMConfig, ForwardInputs, HiddenOutputs } from '../types.js';
import { LayerKVCache } from './layer-kv-cache.js';
import { validateForwardInputs } from './validate-forward-inputs.js';

/** The weights the decoder stack reads. */
export interface DecoderWeights {
  /** The architecture. */
  config: CausalLMConfig;
  /** `model.embed_tokens.weight`. */
  embedding: tf.Variable;
  /** One entry per decoder layer. */
  layers: DecoderLayerWeights[];
  /** `model.norm.weight`. */
  finalNorm: tf.Variable;
}

/**
 * Validates the inputs, then runs embedding (or `inputsEmbeds`), soft-token replacement, the
 * decoder layers (each recomputed in the backward pass with `inputs.gradientCheckpointing`) and
 * the final RMSNorm.
 *
 * @param weights - The model's weights.
 * @param inputs - The forward inputs.
 * @param context - Adapter and dropout switches.
 * @returns Final hidden states and, when `useCache`, the new cache.
 */
export function runDecoder(
  weights: DecoderWeights,
  inputs: ForwardInputs,
  context: LinearContext,
): HiddenOutputs {
  const { config } = weights;
  const { batch, time, past } = validateForwardInputs(inputs, config);
  const result = tf.tidy(() => {
    const mask = inputs.attentionMask ?? tf.ones([batch, past + time], 'int32');
    const { positions, bias } = attentionBias(mask as tf.Tensor2D, time);
    let hidden =
      inputs.inputsEmbeds ??
      scaleEmbeddings(config, embeddingLookup(weights.embedding as tf.Tensor2D, inputs.inputIds));
    if (inputs.softTokens !== undefined) {
      hidden = replaceSoftTokens(hidden, inputs.inputIds, inputs.softTokens);
    }
    const step = decoderStep(config, mask as tf.Tensor2D, positions, bias, context);
    const keys: tf.Tensor[] = [];
    const values: tf.Tensor[] = [];
    const checkpointing = inputs.gradientCheckpointing === true && !inputs.useCache && past === 0;
    weights.layers.forEach((layer, index) => {
      if (checkpointing) {
        hidden = checkpointedDecoderLayer(hidden, layer, step, inputs.keepFrozenProducts === true);
        return;
      }
      const output = decoderLayer(hidden, layer, step, inputs.pastKeyValues?.layers[index]);
      hidden = output.hidden;
      keys.push(output.key);
      values.push(output.value);
    });
    const hiddenStates = rmsNorm(
      hidden,
      weights.finalNorm as tf.Tensor1D,
      config.rmsNormEps,
      normOffset(config),
    );
    return inputs.useCache
      ? { hiddenStates, keys, values }
      : { hiddenStates, keys: [], values: [] };
  });
  if (!inputs.useCache) return { hiddenStates: result.hiddenStates };
  const layers = result.keys.map((key, index) => ({ key, value: result.values[index]! }));
  return {
    hiddenStates: result.hiddenStates,
    pastKeyValues: new LayerKVCache(layers, past + time),
  };
}
