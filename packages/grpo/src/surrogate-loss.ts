import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from './stop-gradient.js';

/** Resolved settings of the per-token surrogate. @internal */
export interface SurrogateSettings {
  surrogate: 'clip' | 'sapo' | 'cispo';
  epsilon: number;
  epsilonHigh: number;
  dualClip: number | undefined;
  delta: number | undefined;
  sapoTemperaturePositive: number;
  sapoTemperatureNegative: number;
  cispoMaxWeight: number | undefined;
}

/**
 * Per-token policy-gradient loss `[batch, time]` from the ratio ρ, the advantages and logp.
 * - clip: −min(ρ̃A, clip(ρ, 1−ε_low, 1+ε_high)A), ρ̃ = min(ρ, delta); dual-clip caps A < 0 at −A·c.
 * - sapo: −f(ρ)·A, f(ρ) = sigmoid(τ(ρ − 1))·4/τ with τ by the sign of A.
 * - cispo: −sg(w)·A·logp, w = min(ρ, cispoMaxWeight) (TRL) or clip(ρ, 1−ε_low, 1+ε_high) (verl).
 * Also returns where the dual clip is active (for the metric).
 *
 * The ratio is `exp(logRatio)` with the log-ratio first capped where the loss no longer depends
 * on it (see {@link ratioCeiling}), so a log-ratio of +89 or +1e4 on a clipped token neither
 * overflows nor sends `0 · Infinity = NaN` into the gradient: the loss and its gradient are
 * unchanged wherever they were finite.
 * @internal
 */
export function surrogateLoss(
  logRatio: tf.Tensor,
  advantages: tf.Tensor,
  logp: tf.Tensor,
  settings: SurrogateSettings,
): { loss: tf.Tensor; dualActive: tf.Tensor } {
  const low = 1 - settings.epsilon;
  const high = 1 + settings.epsilonHigh;
  const ratio = tf.exp(tf.minimum(logRatio, ratioCeiling(advantages, settings)));
  const none = tf.zerosLike(ratio);
  if (settings.surrogate === 'sapo') {
    const positive = tf.greater(advantages, 0);
    const tau = tf.where(
      positive,
      tf.fill(ratio.shape, settings.sapoTemperaturePositive),
      tf.fill(ratio.shape, settings.sapoTemperatureNegative),
    );
    const gate = tf.div(tf.mul(tf.sigmoid(tf.mul(tau, tf.sub(ratio, 1))), 4), tau);
    return { loss: tf.neg(tf.mul(gate, advantages)), dualActive: none };
  }
  if (settings.surrogate === 'cispo') {
    const weight =
      settings.cispoMaxWeight === undefined
        ? tf.clipByValue(ratio, low, high)
        : tf.minimum(ratio, settings.cispoMaxWeight);
    return {
      loss: tf.neg(tf.mul(tf.mul(stopGradient(weight), advantages), logp)),
      dualActive: none,
    };
  }
  const capped = settings.delta === undefined ? ratio : tf.minimum(ratio, settings.delta);
  const unclipped = tf.neg(tf.mul(advantages, capped));
  const clipped = tf.neg(tf.mul(advantages, tf.clipByValue(ratio, low, high)));
  const loss = tf.maximum(unclipped, clipped);
  if (settings.dualClip === undefined) return { loss, dualActive: none };
  const negative = tf.less(advantages, 0);
  const cap = tf.mul(tf.neg(advantages), settings.dualClip);
  return {
    loss: tf.where(negative, tf.minimum(loss, cap), loss),
    dualActive: tf.logicalAnd(negative, tf.greater(loss, cap)),
  };
}

/**
 * Per token, a log-ratio above which the surrogate is constant in the ratio, plus a margin of 1
 * so that the capped ratio still lands strictly inside the constant region (values stay
 * bit-identical). Capping there changes neither the loss nor its gradient, but keeps `exp` finite:
 * - clip, A > 0: `−A·min(ρ, 1+ε_high)` is constant for ρ ≥ 1+ε_high (also for A = 0);
 * - clip, A < 0: constant for ρ ≥ min(delta, dualClip) when either is set, else unbounded (no
 *   cap: an infinite ratio is an infinite loss, which policyLoss refuses);
 * - sapo: the gate `sigmoid(τ(ρ−1))` is 1 in float64 once τ(ρ−1) ≥ 60;
 * - cispo: the weight `min(ρ, cap)` or `clip(ρ, 1−ε_low, 1+ε_high)` is constant beyond the cap.
 * @internal
 */
export function ratioCeiling(advantages: tf.Tensor, settings: SurrogateSettings): tf.Tensor {
  const high = 1 + settings.epsilonHigh;
  if (settings.surrogate === 'sapo') {
    const tau = Math.min(settings.sapoTemperaturePositive, settings.sapoTemperatureNegative);
    return tf.scalar(Math.log1p(60 / tau) + 1);
  }
  if (settings.surrogate === 'cispo') {
    return tf.scalar(Math.log(settings.cispoMaxWeight ?? high) + 1);
  }
  const caps = [settings.delta, settings.dualClip].filter((cap) => cap !== undefined);
  const negativeCeiling =
    caps.length === 0 ? Number.POSITIVE_INFINITY : Math.log(Math.min(...caps)) + 1;
  return tf.where(
    tf.less(advantages, 0),
    tf.fill(advantages.shape, negativeCeiling),
    tf.fill(advantages.shape, Math.log(high) + 1),
  );
}
