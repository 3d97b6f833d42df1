import type { Variable } from '@tensorflow/tfjs-core';
import { hasQueryKeyNorms, projectionNames, projectionPath } from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';
import type { DecoderLayerWeights } from './decoder-layer.js';

/**
 * Gathers the weights of decoder layer `layer` from the model's named variables: norms (the
 * family's), projections with their biases, q/k norms and the layer's attention type.
 *
 * @param config - The architecture.
 * @param layer - The layer index.
 * @param weight - Returns a required weight by Hugging Face name (throws when missing).
 * @param optional - Returns a weight by name, or `undefined`.
 * @returns The layer's weights (referencing the variables, not copying them).
 */
export function decoderLayerWeights(
  config: CausalLMConfig,
  layer: number,
  weight: (name: string) => Variable,
  optional: (name: string) => Variable | undefined,
): DecoderLayerWeights {
  const prefix = `model.layers.${layer}`;
  const projections = {} as DecoderLayerWeights['projections'];
  for (const name of projectionNames) {
    const path = projectionPath(layer, name);
    const bias = optional(`${path}.bias`);
    projections[name] = { weight: weight(`${path}.weight`), ...(bias ? { bias } : {}) };
  }
  const weights: DecoderLayerWeights = {
    inputNorm: weight(`${prefix}.input_layernorm.weight`),
    postNorm: weight(`${prefix}.post_attention_layernorm.weight`),
    projections,
  };
  if (hasQueryKeyNorms(config)) {
    weights.queryNorm = weight(`${prefix}.self_attn.q_norm.weight`);
    weights.keyNorm = weight(`${prefix}.self_attn.k_norm.weight`);
  }
  if (config.modelType === 'gemma3_text') {
    weights.preFeedForwardNorm = weight(`${prefix}.pre_feedforward_layernorm.weight`);
    weights.postFeedForwardNorm = weight(`${prefix}.post_feedforward_layernorm.weight`);
  }
  const type = config.layerTypes?.[layer];
  if (type !== undefined) weights.attentionType = type;
  return weights;
}
