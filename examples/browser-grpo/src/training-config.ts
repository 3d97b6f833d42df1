/**
 * The training configuration shared by the page, the Node script and the tests: the same
 * configuration and seed give the same numbers in a browser tab and in Node on one backend.
 *
 * @category Configuration
 */
export interface BrowserGrpoConfig {
  /** Seed of the data, the weights and the sampling. @defaultValue 0 */
  seed: number;
  /** Emotion words the task asks for (built-in lexicon lemmas). */
  emotions: readonly string[];
  /** Number of synthetic prompts. */
  prompts: number;
  /** BPE vocabulary size (byte-level: 256 bytes, the special token and the merges that make every word one token). */
  vocabSize: number;
  /** Hidden size of the Qwen2-style policy. */
  hiddenSize: number;
  /** Transformer layers. */
  layers: number;
  /** Attention heads. */
  heads: number;
  /** Completions per prompt (`numGenerations`). */
  numGenerations: number;
  /** Prompts per optimiser step. */
  promptsPerStep: number;
  /** Longest completion in tokens. */
  maxCompletionLength: number;
  /** Sampling temperature. */
  temperature: number;
  /** AdamW learning rate. */
  learningRate: number;
  /** KL coefficient (0: no reference pass). */
  beta: number;
  /** Optimiser steps. */
  maxSteps: number;
}

const base: BrowserGrpoConfig = {
  seed: 0,
  emotions: ['happy', 'sad', 'angry', 'afraid', 'calm'],
  prompts: 200,
  vocabSize: 400,
  hiddenSize: 32,
  layers: 2,
  heads: 2,
  numGenerations: 8,
  promptsPerStep: 8,
  maxCompletionLength: 3,
  temperature: 1,
  learningRate: 0.02,
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
  micro: { ...base, maxSteps: 24 },
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
