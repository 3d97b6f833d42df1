import type { LengthPenaltyKind } from '@r1kit/emotion-wheel';

/**
 * Size of the Qwen2-style model (with `--model`, the pretrained model's own sizes).
 *
 * @category CLI
 */
export interface ModelShape {
  /** Residual width. */
  readonly hiddenSize: number;
  /** Decoder layers. */
  readonly layers: number;
  /** Attention heads. */
  readonly heads: number;
  /** Target BPE vocabulary size (with `--model`, the model's `vocab_size`). */
  readonly vocabSize: number;
  /** LoRA rank; 0 means full fine-tuning. */
  readonly loraRank: number;
  /**
   * MLP width (`intermediate_size`).
   *
   * @defaultValue `2 * hiddenSize`, the width of the from-scratch presets
   */
  readonly intermediateSize?: number;
  /**
   * Key/value heads (`num_key_value_heads`, grouped-query attention).
   *
   * @defaultValue `heads`
   */
  readonly keyValueHeads?: number;
}

/**
 * Everything one run needs, after presets and flags are merged.
 *
 * @category CLI
 */
export interface RunConfig {
  /** Preset name. */
  readonly preset: 'micro' | 'tiny' | 'small' | 'paper';
  /** Seed of data, initialisation, sampling and data order. */
  readonly seed: number;
  /** Run directory (report, metrics, checkpoints). */
  readonly out: string;
  /** Whether completions carry a `<think>` section. */
  readonly think: boolean;
  /** Weight of the EW accuracy reward. */
  readonly accuracyWeight: number;
  /** Weight of the format reward. */
  readonly formatWeight: number;
  /** Weight of the dual reward (think emotions vs truth); 0 disables it. */
  readonly dualWeight: number;
  /** Weight of the alignment reward (think emotions vs answer); 0 disables it. */
  readonly alignmentWeight: number;
  /** Length penalty on the accuracy and dual rewards (`@r1kit/emotion-wheel`'s `lengthPenalty`). */
  readonly lengthPenalty: LengthPenaltyKind;
  /** Directory with the official EW files (`wheel1..5.xlsx`, `synonym.xlsx`, `format.csv`). */
  readonly ewResources: string | undefined;
  /** OV-MER-style data directory; the synthetic dataset when absent. */
  readonly data: string | undefined;
  /** Pretrained HF model directory (paper preset); `shape` then comes from its config.json. */
  readonly model: string | undefined;
  /**
   * Added token of the pretrained vocabulary used as the soft-token placeholder (`--model` only).
   *
   * @defaultValue the first of `<|video_pad|>`, `<|image_pad|>`, `<|audio_pad|>`, ... in the vocabulary
   */
  readonly softToken?: string;
  /** Resume from the run directory's last checkpoint. */
  readonly resume: boolean;
  /** TensorFlow.js backend (`auto` picks tensorflow, then wasm, then cpu). */
  readonly backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Number of synthetic samples (all splits). */
  readonly datasetSize: number;
  /** Model size. */
  readonly shape: ModelShape;
  /** SFT optimiser steps. */
  readonly sftSteps: number;
  /** SFT batch size. */
  readonly sftBatchSize: number;
  /** SFT learning rate. */
  readonly sftLearningRate: number;
  /** GRPO steps (rollouts). */
  readonly grpoSteps: number;
  /** Prompts per GRPO step. */
  readonly promptsPerStep: number;
  /** Completions per prompt (`numGenerations`). */
  readonly numGenerations: number;
  /** GRPO learning rate. */
  readonly grpoLearningRate: number;
  /** KL coefficient (`beta`). */
  readonly beta: number;
  /** Sampling temperature for rollouts and evaluation. */
  readonly temperature: number;
  /** Nucleus mass for rollouts and evaluation (AffectGPT decodes with 0.9). */
  readonly topP: number;
  /** Longest completion in tokens. */
  readonly maxCompletionLength: number;
  /** Test samples evaluated before/after (0 = the whole test split). */
  readonly evalSamples: number;
}
