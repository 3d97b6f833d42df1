// The model shapes bench/scale measures: the two smallest checkpoints people post-train with GRPO,
// in their published architecture (random weights), plus a tiny one for smoke runs.
import type { CausalLMConfig } from '../../src/index.js';

/** SmolLM2-135M (LLaMA family): 134.5M parameters, tied head. */
const smollm2: CausalLMConfig = {
  modelType: 'llama',
  vocabSize: 49152,
  hiddenSize: 576,
  intermediateSize: 1536,
  numHiddenLayers: 30,
  numAttentionHeads: 9,
  numKeyValueHeads: 3,
  maxPositionEmbeddings: 8192,
  ropeTheta: 100000,
  rmsNormEps: 1e-5,
  tieWordEmbeddings: true,
  attentionBias: false,
};

/** Qwen2.5-0.5B (Qwen2 family): 494M parameters, tied head, q/k/v bias. */
const qwen25: CausalLMConfig = {
  modelType: 'qwen2',
  vocabSize: 151936,
  hiddenSize: 896,
  intermediateSize: 4864,
  numHiddenLayers: 24,
  numAttentionHeads: 14,
  numKeyValueHeads: 2,
  maxPositionEmbeddings: 32768,
  ropeTheta: 1000000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  attentionBias: true,
};

/** A 2-layer model with SmolLM2's head geometry, for a run of seconds. */
const tiny: CausalLMConfig = {
  ...smollm2,
  vocabSize: 4096,
  hiddenSize: 192,
  intermediateSize: 512,
  numHiddenLayers: 2,
  numAttentionHeads: 3,
  numKeyValueHeads: 1,
};

/** The shapes by the name the bench's `--shapes` flag takes. */
export const scaleShapes: Record<string, CausalLMConfig> = {
  'smollm2-135m': smollm2,
  'qwen2.5-0.5b': qwen25,
  tiny,
};
