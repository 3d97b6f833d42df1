import type { RunConfig } from './run-config.js';

/**
 * A rough upper estimate of the bytes one run needs: float32 weights, their gradients and two
 * AdamW moments for the trained parameters, a frozen reference copy when `beta > 0`, and the
 * activations of one rollout batch (about 16 hidden-size vectors per token per layer plus the
 * attention scores and the logits).
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
  const perLayer = 12 * hiddenSize * hiddenSize;
  const base = vocabSize * hiddenSize + layers * perLayer;
  const trained = loraRank > 0 ? layers * 7 * 2 * loraRank * hiddenSize : base;
  const reference = config.beta > 0 && loraRank === 0 ? base : 0;
  const sequence = 64 + config.maxCompletionLength;
  const batch = Math.max(config.promptsPerStep * config.numGenerations, config.sftBatchSize);
  const activations =
    batch * sequence * (layers * (16 * hiddenSize + heads * sequence) + vocabSize);
  return 4 * (base + 3 * trained + reference + activations);
}
