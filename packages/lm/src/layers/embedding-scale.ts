import * as tf from '@tensorflow/tfjs-core';
import type { CausalLMConfig } from '../types.js';

/**
 * Gemma 3 multiplies looked-up token embeddings by `sqrt(hiddenSize)`, the factor rounded to the
 * activations' dtype (float32 here) as Hugging Face's `Gemma3TextScaledWordEmbedding` does;
 * other families and caller-supplied `inputsEmbeds` are unchanged.
 *
 * @param config - The architecture.
 * @param embeddings - `[batch, time, hidden]` looked-up embeddings.
 * @returns The scaled embeddings (or `embeddings` itself).
 */
export function scaleEmbeddings(config: CausalLMConfig, embeddings: tf.Tensor3D): tf.Tensor3D {
  if (config.modelType !== 'gemma3_text') return embeddings;
  return tf.mul(embeddings, Math.fround(Math.sqrt(config.hiddenSize)));
}
