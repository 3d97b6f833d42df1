/**
 * Options of `SftTrainer.train` and `GrpoTrainer.train`.
 *
 * @category Training
 */
export interface TrainCallOptions {
  /**
   * Stop after this many more optimiser steps (GRPO: whole generations, so possibly a few
   * more). @defaultValue until `maxSteps`
   */
  steps?: number;
}

/**
 * The step at which a `train` call stops: `maxSteps`, or `steps` more than now (internal).
 *
 * @param maxSteps - The run's `maxSteps`.
 * @param step - The current step.
 * @param options - The call's options.
 * @returns The last step of the call.
 */
export function trainCallEnd(maxSteps: number, step: number, options: TrainCallOptions): number {
  return Math.min(maxSteps, step + (options.steps ?? Number.POSITIVE_INFINITY));
}

/**
 * Lets the event loop run (a page repaints, timers fire) between steps, in Node.js and in
 * browsers alike (internal).
 *
 * @returns Resolves on the next macrotask.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
