import type { CausalLMConfig } from '../src/types.js';

/** A tiny Qwen2-style architecture for fast tests (GQA 4:2, q/k/v bias, untied head). */
export const tinyQwen2: CausalLMConfig = {
  modelType: 'qwen2',
  vocabSize: 50,
  hiddenSize: 16,
  intermediateSize: 24,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  maxPositionEmbeddings: 64,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: false,
  attentionBias: true,
};

/** A tiny LLaMA-style architecture (MHA, no bias, tied head). */
export const tinyLlama: CausalLMConfig = {
  ...tinyQwen2,
  modelType: 'llama',
  numKeyValueHeads: 4,
  tieWordEmbeddings: true,
  attentionBias: false,
  ropeTheta: 500000,
};

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
