/**
 * Brings a server's weights to a policy version. Implementations write the weights somewhere
 * the server can read and tell it to load them.
 *
 * @category Weight sync
 */
export interface WeightSync {
  /**
   * Publishes the policy's current weights as `version`.
   *
   * @param version - Optimiser steps applied (0 before training).
   * @returns The model name to request from now on (a LoRA adapter's name), or `undefined` to
   *   keep requesting the base model (full weights were replaced in place).
   */
  sync(version: number): Promise<string | undefined>;
}
