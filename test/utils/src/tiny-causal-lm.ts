import { type CausalLM, type CausalLMConfig, createCausalLM } from '@r1kit/lm';

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

/**
 * The shape of the example's tiny preset (hidden 64, 2 layers, vocab 512, tied head, eos 2), the
 * model the benchmarks time.
 */
export const benchQwen2: CausalLMConfig = {
  ...tinyQwen2,
  vocabSize: 512,
  hiddenSize: 64,
  intermediateSize: 128,
  maxPositionEmbeddings: 256,
  tieWordEmbeddings: true,
  eosTokenId: 2,
};

/** Options of {@link createTinyCausalLM}. */
export interface TinyCausalLMOptions {
  /** Fields that replace those of {@link tinyQwen2}. */
  config?: Partial<CausalLMConfig>;
  /** Weight seed. Default 3. */
  seed?: number;
  /** Standard deviation of the random weights. Default 0.3, wide enough for peaked distributions. */
  initializerRange?: number;
}

/**
 * The one tiny language model of the tests: `@r1kit/lm`'s transformer with random weights in the
 * {@link tinyQwen2} shape (or that shape with `options.config` applied).
 */
export function createTinyCausalLM(options: TinyCausalLMOptions = {}): CausalLM {
  return createCausalLM({
    config: { ...tinyQwen2, ...options.config },
    seed: options.seed ?? 3,
    initializerRange: options.initializerRange ?? 0.3,
  });
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
