import { requireNumber } from '@r1kit/core';
import type { KlController } from './kl-controller.js';

/**
 * Options of {@link FixedKLController}.
 *
 * @category KL
 */
export interface FixedKLControllerOptions {
  /**
   * The constant coefficient β (verl `kl_ctrl.kl_coef`).
   *
   * @defaultValue `0.001`
   */
  coefficient?: number;
}

/**
 * A KL coefficient that never changes (verl `kl_ctrl.type=fixed`, TRL `beta`).
 *
 * @example
 * ```ts
 * import { FixedKLController } from '@r1kit/grpo';
 * const controller = new FixedKLController({ coefficient: 0.04 });
 * controller.update(0.5, 64);
 * controller.value; // 0.04
 * ```
 *
 * @category KL
 */
export class FixedKLController implements KlController {
  /** The constant coefficient β. */
  readonly value: number;

  /** Creates a controller with a constant coefficient. */
  constructor(options: FixedKLControllerOptions = {}) {
    this.value = requireNumber({
      functionName: 'FixedKLController',
      argument: 'options.coefficient',
      value: options.coefficient ?? 0.001,
      min: 0,
      expected: 'a finite number >= 0',
    });
  }

  /**
   * Validates the report and keeps the coefficient unchanged.
   *
   * @param currentKl - Mean KL of the batch.
   * @param steps - Samples in the batch.
   */
  update(currentKl: number, steps: number): void {
    requireNumber({
      functionName: 'FixedKLController.update',
      argument: 'currentKl',
      value: currentKl,
    });
    requireNumber({
      functionName: 'FixedKLController.update',
      argument: 'steps',
      value: steps,
      min: 0,
    });
  }
}
