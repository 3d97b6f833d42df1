import { invalidArgument, requireNumber, requireOneOf, requireTensor } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { type GrpoPreset, grpoPresets } from './presets.js';
import { stopGradient } from './stop-gradient.js';

/**
 * A per-token KL estimator (Schulman's k1/k2/k3, `abs`, and verl's straight-through "+" forms).
 *
 * @category KL
 */
export type KlEstimator = 'k1' | 'k2' | 'k3' | 'abs' | 'k1+' | 'k2+' | 'k3+' | 'abs+';

/** Every estimator name, for validation. @internal */
export const klEstimators: readonly KlEstimator[] = [
  'k1',
  'k2',
  'k3',
  'abs',
  'k1+',
  'k2+',
  'k3+',
  'abs+',
];

/**
 * Options of {@link klPenalty}.
 *
 * @category KL
 */
export interface KlPenaltyOptions {
  /**
   * With d = logp − refLogp: `k1` = d, `k2` = d²/2, `k3` = exp(−d) − 1 + d (low-variance),
   * `abs` = |d|. A trailing `+` keeps the value of the estimator but takes the gradient of k2
   * (k2 − sg(k2) + sg(kX)), whose gradient is the unbiased KL gradient.
   *
   * @defaultValue `'k3'`
   */
  estimator?: KlEstimator;
  /**
   * Bound on the estimator's value: the result is clamped to [−clamp, clamp] (zero gradient outside).
   *
   * @defaultValue the preset's: TRL none; verl 10 for k3/k3+ only; OpenRLHF 10 for every estimator
   */
  clamp?: number;
  /**
   * Bound on d before the estimator (verl clamps refLogp − logp to ±20 for k3).
   *
   * @defaultValue the preset's: verl 20 for k3/k3+; otherwise none
   */
  logRatioClamp?: number;
  /**
   * Library whose clamps are the defaults.
   *
   * @defaultValue `'trl'` (no clamps)
   */
  preset?: GrpoPreset;
}

/**
 * Per-token KL penalty between the policy and a reference policy. The gradient flows into `logp`
 * (use it in the loss); pass rollout-time log-probs instead for a KL-in-reward penalty.
 *
 * @param logp - Log-probabilities of the sampled tokens under the current policy, any shape.
 * @param refLogp - Same tokens under the reference policy, same shape.
 * @param options - Estimator, clamps and preset.
 * @returns A tensor of the same shape with one KL estimate per token (not masked).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { klPenalty } from '@r1kit/grpo';
 * const kl = klPenalty(tf.tensor1d([-1, -0.5]), tf.tensor1d([-1.2, -0.7]), { estimator: 'k3' });
 * // [0.018731, 0.018731]
 * ```
 *
 * @category KL
 */
export function klPenalty(
  logp: tf.Tensor,
  refLogp: tf.Tensor,
  options: KlPenaltyOptions = {},
): tf.Tensor {
  const name = 'klPenalty';
  requireTensor({ functionName: name, argument: 'logp', value: logp });
  requireTensor({ functionName: name, argument: 'refLogp', value: refLogp });
  requireTensor({
    functionName: name,
    argument: 'refLogp',
    value: refLogp,
    shape: logp.shape,
    shapeName: 'the shape of logp',
  });
  const estimator = requireOneOf({
    functionName: name,
    argument: 'options.estimator',
    value: options.estimator ?? 'k3',
    allowed: klEstimators,
  });
  const preset = requireOneOf({
    functionName: name,
    argument: 'options.preset',
    value: options.preset ?? 'trl',
    allowed: grpoPresets,
  });
  const base = estimator.replace('+', '') as 'k1' | 'k2' | 'k3' | 'abs';
  const defaults = presetClamps(preset, base);
  const clamp = optionalBound(options.clamp ?? defaults.clamp, name, 'options.clamp');
  const logRatioClamp = optionalBound(
    options.logRatioClamp ?? defaults.logRatioClamp,
    name,
    'options.logRatioClamp',
  );
  return tf.tidy(() => {
    const raw = tf.sub(logp, refLogp);
    const d =
      logRatioClamp === undefined ? raw : tf.clipByValue(raw, -logRatioClamp, logRatioClamp);
    let value = estimate(base, d);
    if (clamp !== undefined) value = tf.clipByValue(value, -clamp, clamp);
    if (!estimator.endsWith('+') || base === 'k2') return value;
    const k2 = tf.mul(tf.square(raw), 0.5);
    return tf.add(tf.sub(k2, stopGradient(k2)), stopGradient(value));
  });
}

function estimate(base: 'k1' | 'k2' | 'k3' | 'abs', d: tf.Tensor): tf.Tensor {
  switch (base) {
    case 'k1':
      return d;
    case 'k2':
      return tf.mul(tf.square(d), 0.5);
    case 'abs':
      return tf.abs(d);
    case 'k3':
      return tf.add(tf.sub(tf.exp(tf.neg(d)), 1), d);
  }
}

function presetClamps(preset: GrpoPreset, base: string) {
  if (preset === 'verl' && base === 'k3') return { clamp: 10, logRatioClamp: 20 };
  if (preset === 'openrlhf') return { clamp: 10, logRatioClamp: undefined };
  return { clamp: undefined, logRatioClamp: undefined };
}

function optionalBound(value: unknown, functionName: string, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === Number.POSITIVE_INFINITY) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw invalidArgument({ functionName, argument, received: value, expected: 'a number > 0' });
  }
  return requireNumber({ functionName, argument, value });
}
