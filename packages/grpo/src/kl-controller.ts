/**
 * Something that supplies the KL coefficient β and may adapt it after each step.
 *
 * @category KL
 */
export interface KlController {
  /** The current coefficient β. */
  readonly value: number;
  /**
   * Reports the KL measured on the last batch.
   *
   * @param currentKl - Mean KL of the batch (e.g. `metrics.klMean`).
   * @param steps - Number of samples the batch contained (verl: sequences; OpenRLHF: rollouts × samples).
   */
  update(currentKl: number, steps: number): void;
}
