import type { ModelShape, RunConfig } from './run-config.js';

/**
 * Parameters of a Qwen2/LLaMA-style decoder of this shape: embeddings (untied head counted
 * once more only when the vocabulary is the model's own), q/k/v/o projections with grouped-query
 * attention, and the three SwiGLU matrices per layer. Norms and biases are left out (< 0.1%).
 *
 * @param shape - The model shape.
 * @returns `{ base, lora }`: all weights, and the weights of a LoRA adapter on the seven
 *   projections at `shape.loraRank`.
 * @example
 * ```ts
 * modelParameterCount({ hiddenSize: 64, layers: 2, heads: 4, vocabSize: 512, loraRank: 0 }).base;
 * ```
 * @category CLI
 */
export function modelParameterCount(shape: ModelShape): { base: number; lora: number } {
  const { hiddenSize, layers, heads, vocabSize, loraRank } = shape;
  const intermediate = shape.intermediateSize ?? 2 * hiddenSize;
  const keyValueWidth = ((shape.keyValueHeads ?? heads) * hiddenSize) / heads;
  const attention = 2 * hiddenSize * hiddenSize + 2 * hiddenSize * keyValueWidth;
  const mlp = 3 * hiddenSize * intermediate;
  const base = vocabSize * hiddenSize + layers * (attention + mlp);
  // LoRA adds rank x (in + out) per projection: q, o (h -> h), k, v (h -> kv), gate, up, down.
  const loraPerLayer =
    loraRank *
    (4 * hiddenSize + 2 * (hiddenSize + keyValueWidth) + 3 * (hiddenSize + intermediate));
  return { base, lora: layers * loraPerLayer };
}

/**
 * A rough upper estimate of the bytes one run needs: float32 weights, their gradients and two
 * AdamW moments for the trained parameters, a frozen reference copy (the KL is logged on every
 * run) without LoRA, and the activations of one rollout batch (about 16 hidden-size vectors per token per
 * layer plus the attention scores and the logits).
 *
 * @param config - The run configuration.
 * @returns Estimated bytes.
 * @example
 * ```ts
 * estimateMemoryBytes(config) / 2 ** 20; // megabytes
 * ```
 * @category CLI
 */
export function estimateMemoryBytes(config: RunConfig): number {
  const { hiddenSize, layers, heads, vocabSize, loraRank } = config.shape;
  const { base, lora } = modelParameterCount(config.shape);
  const trained = loraRank > 0 ? lora : base;
  const reference = loraRank === 0 ? base : 0; // the frozen SFT copy the KL is measured against
  const sequence = 64 + config.maxCompletionLength;
  const batch = Math.max(config.promptsPerStep * config.numGenerations, config.sftBatchSize);
  const activations =
    batch * sequence * (layers * (16 * hiddenSize + heads * sequence) + vocabSize);
  return 4 * (base + 3 * trained + reference + activations);
}
