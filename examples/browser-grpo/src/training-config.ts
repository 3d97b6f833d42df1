/**
 * The training configuration shared by the page, the Node script and the tests: the same
 * configuration and seed give the same numbers in a browser tab and in Node on one backend.
 *
 * @category Configuration
 */
export interface BrowserGrpoConfig {
  /** Seed of the data, the weights and the sampling. @defaultValue 0 */
  seed: number;
  /**
   * Samples of the synthetic OV-MER-like task (`generateSyntheticDataset` of `@r1kit/datasets`)
   * before the split; GRPO prompts come from the train split.
   */
  samples: number;
  /** BPE vocabulary size (byte-level: 256 bytes, the special tokens and the merges that make every word one token). */
  vocabSize: number;
  /** Hidden size of the Qwen2-style policy. */
  hiddenSize: number;
  /** Transformer layers. */
  layers: number;
  /** Attention heads. */
  heads: number;
  /** Cold-start SFT steps before GRPO (0: GRPO from the random initialisation). */
  sftSteps: number;
  /** Sequences per SFT step. */
  sftBatchSize: number;
  /** SFT learning rate (AdamW). */
  sftLearningRate: number;
  /** Completions per prompt (`numGenerations`). */
  numGenerations: number;
  /** Prompts per optimiser step. */
  promptsPerStep: number;
  /** Longest completion in tokens. */
  maxCompletionLength: number;
  /** Sampling temperature. */
  temperature: number;
  /** GRPO learning rate (AdamW). */
  learningRate: number;
  /** KL coefficient (0: no reference pass). */
  beta: number;
  /** GRPO optimiser steps. */
  maxSteps: number;
}

const base: BrowserGrpoConfig = {
  seed: 0,
  samples: 300,
  vocabSize: 600,
  hiddenSize: 64,
  layers: 2,
  heads: 4,
  sftSteps: 200,
  sftBatchSize: 16,
  sftLearningRate: 0.005,
  numGenerations: 8,
  promptsPerStep: 8,
  maxCompletionLength: 4,
  temperature: 1,
  learningRate: 0.001,
  beta: 0,
  maxSteps: 80,
};

/**
 * Named configurations: `demo` is what the page runs by default (about a minute on wasm);
 * `micro` is the few-step run of the browser test and its Node twin.
 *
 * @category Configuration
 */
export const presets = {
  demo: base,
  micro: { ...base, sftSteps: 60, maxSteps: 24 },
} as const satisfies Record<string, BrowserGrpoConfig>;

/**
 * A preset's name.
 *
 * @category Configuration
 */
export type PresetName = keyof typeof presets;

/**
 * Whether `name` is one of the {@link presets}.
 *
 * @param name - The name to check (for instance from the page's query string).
 * @returns True for `demo` and `micro`.
 * @category Configuration
 */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
