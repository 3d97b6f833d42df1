import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from './stop-gradient.js';

/** Resolved settings of the per-token surrogate. @internal */
export interface SurrogateSettings {
  surrogate: 'clip' | 'sapo' | 'cispo';
  epsilonLow: number;
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
 * @internal
 */
export function surrogateLoss(
  ratio: tf.Tensor,
  advantages: tf.Tensor,
  logp: tf.Tensor,
  settings: SurrogateSettings,
): { loss: tf.Tensor; dualActive: tf.Tensor } {
  const low = 1 - settings.epsilonLow;
  const high = 1 + settings.epsilonHigh;
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
