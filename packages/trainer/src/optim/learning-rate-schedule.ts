import { requireInteger, requireNumber, requireOneOf } from '@r1kit/core';

/**
 * Shape of the learning-rate curve after warm-up (Hugging Face `lr_scheduler_type` names).
 *
 * @category Optimisation
 */
export type LearningRateSchedulerType = 'cosine' | 'linear' | 'constant';

/**
 * Options of {@link scheduledLearningRate}.
 *
 * @category Optimisation
 */
export interface LearningRateScheduleOptions {
  /** Peak learning rate, reached at the end of warm-up. */
  learningRate: number;
  /** Total number of optimiser steps of the run. */
  totalSteps: number;
  /**
   * Linear warm-up length in optimiser steps (from 0 to `learningRate`).
   *
   * @defaultValue 0
   */
  warmupSteps?: number;
  /**
   * Curve after warm-up.
   *
   * @defaultValue 'cosine'
   */
  schedulerType?: LearningRateSchedulerType;
  /**
   * Floor of the decay, as a fraction of `learningRate` (cosine and linear).
   *
   * @defaultValue 0
   */
  minLearningRateRatio?: number;
}

/**
 * The learning rate of optimiser step `step` (0-based), as Hugging Face's
 * `get_cosine_schedule_with_warmup` (and `linear`, `constant_with_warmup`) compute it:
 * `lr * step / warmup` during warm-up, then `lr * (min + (1 - min) * 0.5 * (1 + cos(pi * p)))`
 * with `p = (step - warmup) / (total - warmup)`.
 *
 * @param step - Optimiser step, 0 for the first update.
 * @param options - Peak rate, length and shape.
 * @returns The learning rate to use for that step.
 *
 * @example
 * ```ts
 * import { scheduledLearningRate } from '@r1kit/trainer';
 * scheduledLearningRate(5, { learningRate: 1e-3, totalSteps: 10 }); // 5e-4 (half-way down the cosine)
 * ```
 *
 * @category Optimisation
 */
export function scheduledLearningRate(step: number, options: LearningRateScheduleOptions): number {
  const name = 'scheduledLearningRate';
  const learningRate = requireNumber({
    functionName: name,
    argument: 'options.learningRate',
    value: options.learningRate,
    min: 0,
  });
  const totalSteps = requireInteger({
    functionName: name,
    argument: 'options.totalSteps',
    value: options.totalSteps,
    min: 1,
  });
  const warmupSteps = requireInteger({
    functionName: name,
    argument: 'options.warmupSteps',
    value: options.warmupSteps ?? 0,
    min: 0,
  });
  const type = requireOneOf({
    functionName: name,
    argument: 'options.schedulerType',
    value: options.schedulerType ?? 'cosine',
    allowed: ['cosine', 'linear', 'constant'] as const,
  });
  const floor = requireNumber({
    functionName: name,
    argument: 'options.minLearningRateRatio',
    value: options.minLearningRateRatio ?? 0,
    min: 0,
    max: 1,
  });
  requireInteger({ functionName: name, argument: 'step', value: step, min: 0 });
  if (step < warmupSteps) return (learningRate * step) / Math.max(1, warmupSteps);
  if (type === 'constant') return learningRate;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  const shape = type === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return learningRate * (floor + (1 - floor) * shape);
}
