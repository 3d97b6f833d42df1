import type { RandomGenerator, SoftTokens } from '@r1kit/core';
import type { LogitsProcessor } from '../processors/logits-processor.js';

/**
 * The part of a tokenizer that {@link generate} uses: turning completion ids into text.
 *
 * @category Generation
 */
export interface GenerationTokenizer {
  /** Decodes token ids to text. */
  decode(ids: number[]): string;
}

/**
 * Progress of {@link generate}, reported after every decoding step.
 *
 * @category Generation
 */
export interface GenerationProgress {
  /** New tokens generated so far (the step just finished). */
  step: number;
  /** The step limit. */
  maxCompletionLength: number;
  /** Sequences that have finished. */
  finished: number;
  /** All sequences (`prompts.length * numGenerations`). */
  total: number;
}

/**
 * Options of {@link generate}.
 *
 * @category Generation
 */
export interface GenerateOptions {
  /** Largest number of new tokens per sequence; a positive integer. */
  maxCompletionLength: number;
  /**
   * Completions per prompt (the GRPO group size, TRL's `num_generations`).
   *
   * @defaultValue 1
   */
  numGenerations?: number;
  /**
   * Sampling temperature; 0 means greedy decoding (argmax, no random draws).
   *
   * @defaultValue 1
   */
  temperature?: number;
  /**
   * Nucleus mass, in `(0, 1]`.
   *
   * @defaultValue 1 (off)
   */
  topP?: number;
  /**
   * Keep only the k most likely tokens; 0 turns it off.
   *
   * @defaultValue 0 (off)
   */
  topK?: number;
  /**
   * Keep tokens with at least `minP` times the top probability, in `[0, 1]`.
   *
   * @defaultValue 0 (off)
   */
  minP?: number;
  /**
   * Stop sequences: strings (matched in the decoded text, needs `tokenizer`) or token id
   * sequences (matched at the end of the completion). A sequence that hits one finishes with
   * reason `'stop'`; its tokens up to and including the one that completed the match are kept.
   *
   * @defaultValue []
   */
  stop?: ReadonlyArray<string | ReadonlyArray<number>>;
  /**
   * End-of-sequence id(s); sampling one finishes the sequence with reason `'eos'` (the token is
   * kept in `tokenIds` and `logProbs` but left out of `text`). `null` disables it.
   *
   * @defaultValue `model.config.eosTokenId`
   */
  eosTokenId?: number | ReadonlyArray<number> | null;
  /**
   * Token used for left padding of prompts and fed to finished sequences.
   *
   * @defaultValue the first end-of-sequence id, else 0
   */
  padTokenId?: number;
  /**
   * Seed of a fresh {@link RandomGenerator}; ignored draws are never made, so a seed fixes the
   * output for a given model, prompts and options.
   *
   * @defaultValue a random seed (unless `rng` is given)
   */
  seed?: number;
  /**
   * A generator to draw from instead of `seed` (it is advanced, so a trainer can checkpoint
   * its state between calls). Give `seed` or `rng`, not both.
   *
   * @defaultValue none
   */
  rng?: RandomGenerator;
  /**
   * Tokenizer used to fill `text` and to match string `stop` sequences.
   *
   * @defaultValue none (no `text`)
   */
  tokenizer?: GenerationTokenizer;
  /**
   * Soft tokens of multimodal prompts (`@r1kit/lm`'s type): one row of `embeddings` per prompt,
   * `[numPrompts, numSoftTokens, hiddenSize]`, repeated over the `numGenerations`
   * completions of that prompt; not disposed by `generate`. The placeholder id is never sampled
   * (it would be taken for a soft-token slot by later forward passes).
   *
   * @defaultValue none
   */
  softTokens?: SoftTokens;
  /**
   * Extra processors (penalties, biases, masks, a frame constraint), applied in order before
   * the built-in temperature, top-k, top-p and min-p.
   *
   * @defaultValue []
   */
  logitsProcessors?: ReadonlyArray<LogitsProcessor>;
  /**
   * Whether to use the KV cache; `false` recomputes the whole sequence at every step (for
   * parity tests and benchmarks).
   *
   * @defaultValue true
   */
  useCache?: boolean;
  /**
   * Called after every decoding step.
   *
   * @defaultValue none
   */
  onProgress?: (progress: GenerationProgress) => void;
}

/**
 * Why a sequence stopped: a stop sequence, an end-of-sequence token, or `maxCompletionLength`.
 *
 * @category Generation
 */
export type FinishReason = 'stop' | 'eos' | 'length';

/**
 * One generated completion.
 *
 * @category Generation
 */
export interface GeneratedSequence {
  /** Index of the prompt it completes. */
  promptIndex: number;
  /** The sampled token ids (including a final end-of-sequence token or stop tokens). */
  tokenIds: number[];
  /**
   * Log-probability of each token under the model at the sampling temperature,
   * `log_softmax(logits / temperature)` with no other processor applied (temperature 1 when
   * greedy): what `sequenceLogProbs` recomputes for the same tokens, and the old-policy
   * log-probabilities GRPO needs.
   */
  logProbs: Float32Array;
  /**
   * Log-probability of each token under the distribution it was actually drawn from:
   * `log_softmax` of the logits after every processor (extra processors, then temperature,
   * top-k, top-p, min-p). Equals `logProbs` when no processor truncates or shifts the
   * distribution; 0 for greedy decoding.
   */
  samplingLogProbs: Float32Array;
  /**
   * Decoded completion, when a tokenizer was given: `tokenIds` without a final end-of-sequence
   * token, cut right after the earliest stop string when the sequence stopped on one.
   */
  text?: string;
  /** Why it stopped. */
  finishReason: FinishReason;
}

/**
 * The result of {@link generate}.
 *
 * @category Generation
 */
export interface GenerateResult {
  /**
   * `prompts.length * numGenerations` completions, grouped by prompt: entry
   * `p * numGenerations + j` is the `j`-th completion of prompt `p`.
   */
  sequences: GeneratedSequence[];
  /** Completions per prompt. */
  numGenerations: number;
}
