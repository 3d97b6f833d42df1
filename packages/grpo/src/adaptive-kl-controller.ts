import { requireNumber } from '@r1kit/core';
import type { KlController } from './kl-controller.js';

/**
 * Options of {@link AdaptiveKLController}.
 *
 * @category KL
 */
export interface AdaptiveKLControllerOptions {
  /**
   * Initial coefficient β (verl `kl_ctrl.kl_coef`, OpenRLHF `--algo.kl.init_coef`).
   *
   * @defaultValue `0.001`
   */
  coefficient?: number;
  /**
   * KL value the controller steers towards (verl `target_kl`, OpenRLHF `--algo.kl.target`).
   *
   * @defaultValue `0.1`
   */
  target?: number;
  /**
   * Number of samples over which a full-size correction is applied.
   *
   * @defaultValue `10000`
   */
  horizon?: number;
}

/**
 * The adaptive KL controller of Ziegler et al. (2019), as verl and OpenRLHF implement it:
 * `error = clip(currentKl / target − 1, −0.2, 0.2)`, `β ← β · (1 + error · steps / horizon)`.
 *
 * @example
 * ```ts
 * import { AdaptiveKLController } from '@r1kit/grpo';
 * const controller = new AdaptiveKLController({ coefficient: 0.01, target: 0.1, horizon: 10000 });
 * controller.update(0.2, 512); // KL above target: β grows by 0.2 · 512 / 10000
 * controller.value; // 0.0101024
 * ```
 *
 * @category KL
 */
export class AdaptiveKLController implements KlController {
  /** The target KL. */
  readonly target: number;
  /** The horizon in samples. */
  readonly horizon: number;
  #value: number;

  /** Creates a controller from its initial coefficient, target and horizon. */
  constructor(options: AdaptiveKLControllerOptions = {}) {
    const name = 'AdaptiveKLController';
    const positive = 'a finite number > 0';
    this.#value = requireNumber({
      functionName: name,
      argument: 'options.coefficient',
      value: options.coefficient ?? 0.001,
      min: 0,
      max: Infinity,
      expected: 'a finite number >= 0',
    });
    this.target = requireNumber({
      functionName: name,
      argument: 'options.target',
      value: options.target ?? 0.1,
      min: Number.MIN_VALUE,
      max: Infinity,
      expected: positive,
    });
    this.horizon = requireNumber({
      functionName: name,
      argument: 'options.horizon',
      value: options.horizon ?? 10000,
      min: Number.MIN_VALUE,
      max: Infinity,
      expected: positive,
    });
  }

  /** The current coefficient β. */
  get value(): number {
    return this.#value;
  }

  /**
   * Adapts β to the KL measured on the last batch.
   *
   * @param currentKl - Mean KL of the batch.
   * @param steps - Samples in the batch.
   */
  update(currentKl: number, steps: number): void {
    const name = 'AdaptiveKLController.update';
    requireNumber({ functionName: name, argument: 'currentKl', value: currentKl });
    requireNumber({
      functionName: name,
      argument: 'steps',
      value: steps,
      min: 0,
      max: Infinity,
      expected: 'a finite number >= 0',
    });
    const error = Math.min(Math.max(currentKl / this.target - 1, -0.2), 0.2);
    this.#value *= 1 + (error * steps) / this.horizon;
  }
}
