import type { KlController } from './kl-controller.js';
import { checkNumber } from './validate.js';

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
    this.#value = checkNumber(
      options.coefficient ?? 0.001,
      name,
      'options.coefficient',
      0,
      Infinity,
      'a finite number >= 0',
    );
    this.target = checkNumber(
      options.target ?? 0.1,
      name,
      'options.target',
      Number.MIN_VALUE,
      Infinity,
      positive,
    );
    this.horizon = checkNumber(
      options.horizon ?? 10000,
      name,
      'options.horizon',
      Number.MIN_VALUE,
      Infinity,
      positive,
    );
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
    checkNumber(currentKl, name, 'currentKl');
    checkNumber(steps, name, 'steps', 0, Infinity, 'a finite number >= 0');
    const error = Math.min(Math.max(currentKl / this.target - 1, -0.2), 0.2);
    this.#value *= 1 + (error * steps) / this.horizon;
  }
}
