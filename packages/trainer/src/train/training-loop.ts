import {
  invalidArgument,
  nodeBuiltin,
  R1kitError,
  requireInteger,
  requireNumber,
} from '@r1kit/core';
import type * as tf from '@tensorflow/tfjs-core';
import {
  loadTrainingCheckpoint,
  restoreVariables,
  saveTrainingCheckpoint,
} from '../checkpoint/training-checkpoint.js';
import { appendMetrics, type StepMetrics } from '../metrics/metrics-log.js';
import { ProgressReporter } from '../metrics/progress-reporter.js';
import { truncateMetricsSync } from '../metrics/truncate-metrics.js';
import { AdamW } from '../optim/adamw.js';
import { clipByGlobalNorm } from '../optim/clip-by-global-norm.js';
import { scheduledLearningRate } from '../optim/learning-rate-schedule.js';
import type { OptimizerConfig, TrainingRunOptions } from './optimizer-config.js';

const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'GrpoTrainer' });

/**
 * The optimisation machinery shared by the trainers: AdamW over a fixed variable list, the
 * warm-up schedule, global-norm clipping, the step counter, metrics, progress and checkpoints.
 * Internal to the package; the trainers expose its effects.
 */
export class TrainingLoop {
  /** Trained variables, in checkpoint order. */
  readonly variables: readonly tf.Variable[];
  /** The optimiser. */
  readonly optimizer: AdamW;
  /** Validated run configuration. */
  readonly run: Required<Omit<TrainingRunOptions, 'outputDir' | 'progressStream'>> &
    Pick<TrainingRunOptions, 'outputDir' | 'progressStream'>;
  private readonly learningRate: number;
  private readonly warmupSteps: number;
  private readonly maxGradNorm: number;
  private readonly schedulerType: NonNullable<OptimizerConfig['lrSchedulerType']>;
  private progress: ProgressReporter | undefined;
  private completed = 0;
  /** The checkpoint step of a resume whose later metrics are not yet dropped. */
  private resumedFrom: number | undefined;

  /** Validates the configuration and creates the optimiser. */
  constructor(
    private readonly name: string,
    variables: readonly tf.Variable[],
    config: OptimizerConfig & TrainingRunOptions,
    defaultLearningRate: number,
  ) {
    if (!Array.isArray(variables) || variables.length === 0) {
      throw invalidArgument({
        functionName: name,
        argument: 'model.trainableVariables() + options.extraVariables',
        received: variables,
        expected: 'at least one trainable variable',
      });
    }
    const maxSteps = requireInteger({
      functionName: name,
      argument: 'options.maxSteps',
      value: config.maxSteps,
      min: 1,
    });
    this.run = {
      maxSteps,
      seed: requireInteger({
        functionName: name,
        argument: 'options.seed',
        value: config.seed ?? 0,
        min: 0,
      }),
      saveSteps: requireInteger({
        functionName: name,
        argument: 'options.saveSteps',
        value: config.saveSteps ?? 0,
        min: 0,
      }),
      progress: config.progress ?? true,
      outputDir: config.outputDir,
      progressStream: config.progressStream,
    };
    this.variables = [...variables];
    this.learningRate = requireNumber({
      functionName: name,
      argument: 'options.learningRate',
      value: config.learningRate ?? defaultLearningRate,
      min: 0,
    });
    const ratio = requireNumber({
      functionName: name,
      argument: 'options.warmupRatio',
      value: config.warmupRatio ?? 0,
      min: 0,
      max: 1,
    });
    this.warmupSteps = requireInteger({
      functionName: name,
      argument: 'options.warmupSteps',
      value: config.warmupSteps ?? Math.ceil(ratio * maxSteps),
      min: 0,
    });
    this.maxGradNorm = config.maxGradNorm ?? 1;
    if (!(this.maxGradNorm > 0)) {
      throw invalidArgument({
        functionName: name,
        argument: 'options.maxGradNorm',
        received: config.maxGradNorm,
        expected: 'a number > 0 (Infinity disables clipping)',
      });
    }
    this.schedulerType = config.lrSchedulerType ?? 'cosine';
    this.startProgress();
    scheduledLearningRate(0, this.scheduleOptions());
    this.optimizer = new AdamW(this.variables, {
      learningRate: this.learningRate,
      weightDecay: config.weightDecay ?? 0,
      beta1: config.adamBeta1 ?? 0.9,
      beta2: config.adamBeta2 ?? 0.999,
      epsilon: config.adamEpsilon ?? 1e-8,
    });
  }

  /** Optimiser steps done. */
  get step(): number {
    return this.completed;
  }

  /** Learning rate the next update will use. */
  currentLearningRate(): number {
    return scheduledLearningRate(
      Math.min(this.completed, this.run.maxSteps),
      this.scheduleOptions(),
    );
  }

  /**
   * Clips and applies accumulated gradients (disposed here), then advances the step.
   *
   * @returns `grad_norm` (before clipping) and `learning_rate` used.
   */
  update(gradients: tf.Tensor[]): { grad_norm: number; learning_rate: number } {
    const learningRate = this.currentLearningRate();
    let clipped: tf.Tensor[] | undefined;
    try {
      const result = clipByGlobalNorm(gradients, { maxNorm: this.maxGradNorm });
      clipped = result.gradients;
      this.optimizer.applyGradients(clipped, { learningRate });
      this.completed += 1;
      return { grad_norm: result.globalNorm, learning_rate: learningRate };
    } finally {
      for (const tensor of [...gradients, ...(clipped ?? [])]) tensor.dispose();
    }
  }

  /** Advances the step without an update (a step whose batch had no trainable token). */
  skip(): { grad_norm: null; learning_rate: number } {
    const learningRate = this.currentLearningRate();
    this.completed += 1;
    return { grad_norm: null, learning_rate: learningRate };
  }

  /** Writes metrics to `outputDir/metrics.jsonl` and updates the progress display. */
  record(metrics: StepMetrics): void {
    if (this.run.outputDir) {
      const file = nodePath().join(this.run.outputDir, 'metrics.jsonl');
      // A resume drops the records after its checkpoint only now, once it has trained a step.
      if (this.resumedFrom !== undefined) truncateMetricsSync(file, this.resumedFrom);
      this.resumedFrom = undefined;
      appendMetrics(file, this.completed, metrics);
    }
    this.progress?.update(this.completed, metrics);
    if (this.completed >= this.run.maxSteps) this.progress?.finish();
  }

  /** Whether a checkpoint is due after the current step. */
  checkpointDue(): boolean {
    if (!this.run.outputDir) return false;
    if (this.completed >= this.run.maxSteps) return true;
    return this.run.saveSteps > 0 && this.completed % this.run.saveSteps === 0;
  }

  /** Saves variables, optimiser and `state` atomically; returns the directory. */
  async save(
    directory: string | undefined,
    state: Record<string, unknown>,
    exportModel?: (directory: string) => Promise<void>,
  ): Promise<string> {
    const target =
      directory ??
      (this.run.outputDir
        ? nodePath().join(this.run.outputDir, `checkpoint-${this.completed}`)
        : undefined);
    if (!target) {
      throw new R1kitError({
        code: 'INVALID_CONFIG',
        message: `${this.name}.saveCheckpoint: pass a directory or set options.outputDir`,
      });
    }
    await saveTrainingCheckpoint(target, {
      variables: this.variables,
      optimizerState: this.optimizer.getState(),
      trainerState: { ...state, step: this.completed, trainer: this.name },
      exportModel,
    });
    return target;
  }

  /**
   * Restores variables, optimiser and step, and returns the saved trainer state. Logged metrics of
   * later steps are dropped when the resumed run records its first step, so that a resume that
   * fails (a bad checkpoint or data order) leaves `metrics.jsonl` untouched.
   */
  async load(directory: string): Promise<Record<string, unknown>> {
    const checkpoint = await loadTrainingCheckpoint(directory);
    if (checkpoint.trainerState.trainer !== this.name) {
      throw invalidArgument({
        functionName: `${this.name}.resume`,
        argument: 'directory',
        received: directory,
        expected: `a checkpoint written by ${this.name} (this one is from ${String(checkpoint.trainerState.trainer)})`,
        code: 'INVALID_STATE',
      });
    }
    restoreVariables(this.variables, checkpoint.variables);
    this.optimizer.setState(checkpoint.optimizerState);
    this.completed = Number(checkpoint.trainerState.step);
    this.resumedFrom = this.completed;
    this.startProgress();
    return checkpoint.trainerState;
  }

  /** Frees the optimiser state. */
  dispose(): void {
    this.optimizer.dispose();
  }

  private startProgress(): void {
    if (!this.run.progress) return;
    this.progress = new ProgressReporter({
      totalSteps: this.run.maxSteps,
      label: this.name,
      stream: this.run.progressStream,
      initialStep: this.completed,
    });
  }

  private scheduleOptions() {
    return {
      learningRate: this.learningRate,
      totalSteps: this.run.maxSteps,
      warmupSteps: this.warmupSteps,
      schedulerType: this.schedulerType,
    };
  }
}
