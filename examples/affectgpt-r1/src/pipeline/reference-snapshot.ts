import { createCausalLM, type TransformerCausalLM } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A frozen copy of a model's current weights, used as the GRPO KL reference after a full
 * fine-tuning cold start (with LoRA the trainer uses the adapter-disabled base instead).
 *
 * @param model - The model to copy.
 * @returns A new model with equal weights; dispose it when done.
 * @example
 * ```ts
 * const reference = referenceSnapshot(policy.model);
 * reference.dispose();
 * ```
 * @category Pipeline
 */
export function referenceSnapshot(model: TransformerCausalLM): TransformerCausalLM {
  const copy = createCausalLM({ config: model.config });
  const target = copy.namedWeights();
  for (const [name, weight] of model.namedWeights()) {
    tf.tidy(() => target.get(name)?.assign(weight));
  }
  return copy;
}
