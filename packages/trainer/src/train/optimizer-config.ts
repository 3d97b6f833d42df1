import type { ProgressStream } from '../metrics/progress-reporter.js';
import type { LearningRateSchedulerType } from '../optim/learning-rate-schedule.js';

/**
 * Optimiser, schedule and clipping options shared by the trainers (Hugging Face
 * `TrainingArguments` names in camelCase).
 *
 * @category Training
 */
export interface OptimizerConfig {
  /**
   * Peak AdamW learning rate.
   *
   * @defaultValue 2e-5 for SFT, 1e-6 for GRPO (TRL's defaults)
   */
  learningRate?: number;
  /**
   * Decoupled weight decay of AdamW.
   *
   * @defaultValue 0
   */
  weightDecay?: number;
  /**
   * AdamW beta1.
   *
   * @defaultValue 0.9
   */
  adamBeta1?: number;
  /**
   * AdamW beta2.
   *
   * @defaultValue 0.999
   */
  adamBeta2?: number;
  /**
   * AdamW epsilon.
   *
   * @defaultValue 1e-8
   */
  adamEpsilon?: number;
  /**
   * Global gradient-norm limit; `Infinity` disables clipping (the norm is still logged).
   *
   * @defaultValue 1.0
   */
  maxGradNorm?: number;
  /**
   * Learning-rate curve after warm-up.
   *
   * @defaultValue 'cosine'
   */
  lrSchedulerType?: LearningRateSchedulerType;
  /**
   * Warm-up length in optimiser steps (wins over `warmupRatio` when both are set).
   *
   * @defaultValue 0
   */
  warmupSteps?: number;
  /**
   * Warm-up length as a fraction of `maxSteps` (rounded up).
   *
   * @defaultValue 0
   */
  warmupRatio?: number;
}

/**
 * Length, seed, output and progress options shared by the trainers.
 *
 * @category Training
 */
export interface TrainingRunOptions {
  /** Number of optimiser steps of the whole run (the schedule spans it). */
  maxSteps: number;
  /**
   * Seed of the data order and of every random choice of the trainer.
   *
   * @defaultValue 0
   */
  seed?: number;
  /**
   * Directory for `metrics.jsonl` and `checkpoint-<step>/` folders.
   *
   * @defaultValue none: nothing is written
   */
  outputDir?: string;
  /**
   * Save a checkpoint every this many steps (and at the end of
   * {@link TrainingRunOptions.maxSteps}) when `outputDir` is set; 0 saves only at the end.
   *
   * @defaultValue 0
   */
  saveSteps?: number;
  /**
   * Progress display: a bar with ETA on a terminal, plain lines otherwise; `false` hides it.
   *
   * @defaultValue true
   */
  progress?: boolean;
  /**
   * Stream of the progress display.
   *
   * @defaultValue `process.stderr`
   */
  progressStream?: ProgressStream;
}
