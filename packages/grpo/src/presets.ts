/**
 * The library whose numerical conventions a function follows. Each preset pins that library's
 * epsilons, clamps and counting rules (see the package README for the table).
 *
 * @category Presets
 */
export type GrpoPreset = 'trl' | 'verl' | 'openrlhf';

/** Every preset name, for validation. @internal */
export const grpoPresets: readonly GrpoPreset[] = ['trl', 'verl', 'openrlhf'];

/**
 * The numbers and conventions one preset pins.
 *
 * @category Presets
 */
export interface GrpoPresetValues {
  /** Added to the (unbiased) group standard deviation before dividing: TRL 1e-4, verl 1e-6, OpenRLHF 1e-9. */
  advantageEpsilon: number;
  /** Whether a group of one sample is allowed (verl: mean 0, std 1); others need two or more. */
  allowSingletonGroups: boolean;
  /** Bound on |logp − oldLogp| before `exp` (verl and OpenRLHF 20; TRL none). */
  logRatioClamp: number | undefined;
  /** Upper bound on the GSPO sequence log-ratio (verl 10; others none). */
  sequenceLogRatioMax: number | undefined;
  /** Dual-clip constant applied for negative advantages (verl 3, on by default; others off). */
  dualClip: number | undefined;
  /** KL estimator used in the loss when none is given (TRL and verl k3, OpenRLHF k1). */
  klEstimator: 'k1' | 'k3';
  /** Whether sequences with no valid token count in the seq-mean denominators (TRL yes; verl no). */
  countEmptySequences: boolean;
  /** Whether KL and entropy terms are always token-mean aggregated (OpenRLHF) instead of using the loss type. */
  tokenMeanRegularizers: boolean;
}

/**
 * The values each preset pins, from the 2026 snapshots of TRL, verl and OpenRLHF.
 *
 * @example
 * ```ts
 * import { grpoPresetValues } from '@r1kit/grpo';
 * grpoPresetValues.verl.advantageEpsilon; // 1e-6
 * ```
 *
 * @category Presets
 */
export const grpoPresetValues: Readonly<Record<GrpoPreset, Readonly<GrpoPresetValues>>> = {
  trl: {
    advantageEpsilon: 1e-4,
    allowSingletonGroups: false,
    logRatioClamp: undefined,
    sequenceLogRatioMax: undefined,
    dualClip: undefined,
    klEstimator: 'k3',
    countEmptySequences: true,
    tokenMeanRegularizers: false,
  },
  verl: {
    advantageEpsilon: 1e-6,
    allowSingletonGroups: true,
    logRatioClamp: 20,
    sequenceLogRatioMax: 10,
    dualClip: 3,
    klEstimator: 'k3',
    countEmptySequences: false,
    tokenMeanRegularizers: false,
  },
  openrlhf: {
    advantageEpsilon: 1e-9,
    allowSingletonGroups: false,
    logRatioClamp: 20,
    sequenceLogRatioMax: undefined,
    dualClip: undefined,
    klEstimator: 'k1',
    countEmptySequences: false,
    tokenMeanRegularizers: true,
  },
};
