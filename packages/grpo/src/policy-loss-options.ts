import type * as tf from '@tensorflow/tfjs-core';
import type { LossType } from './aggregate-loss.js';
import type { KlEstimator } from './kl-penalty.js';
import type { GrpoPreset } from './presets.js';

/**
 * Inputs of {@link policyLoss}; every tensor is `[batch, time]` unless noted.
 *
 * @category Policy loss
 */
export interface PolicyLossInputs {
  /** Log-probs of the sampled tokens under the current policy (the gradient flows here). */
  logp: tf.Tensor;
  /** Log-probs at rollout time (π_old). Omitted: `stopGradient(logp)` (ratio ≡ 1, TRL with μ = 1). */
  oldLogp?: tf.Tensor;
  /** Log-probs under the reference policy; required when `beta > 0`. */
  refLogp?: tf.Tensor;
  /** One advantage per sequence (`[batch]`, tensor or array) or per token (`[batch, time]`). */
  advantages: tf.Tensor | ArrayLike<number>;
  /** 0/1 loss mask (1 on completion tokens); must contain at least one 1. */
  mask: tf.Tensor;
  /** Logits `[batch, time, vocab]` for the entropy bonus and metric (divided by `temperature`). */
  logits?: tf.Tensor;
  /**
   * Precomputed per-token entropies `[batch, time]` (e.g. from {@link entropyFromLogits}, reused
   * for {@link topEntropyMask}); used instead of `logits` for the bonus and the metric.
   */
  entropy?: tf.Tensor;
}

/**
 * Options of {@link policyLoss}. Names follow TRL in camelCase; the preset supplies every default
 * that the three libraries disagree on.
 *
 * @category Policy loss
 */
export interface PolicyLossOptions {
  /**
   * Library conventions: log-ratio clamp, dual-clip, KL estimator and clamps, empty-sequence counting.
   *
   * @defaultValue `'trl'`
   */
  preset?: GrpoPreset;
  /**
   * Lower clip range: the ratio is clipped at 1 − epsilon (TRL `epsilon`, verl `clip_ratio_low`).
   *
   * @defaultValue `0.2`
   */
  epsilon?: number;
  /**
   * Upper clip range: 1 + epsilonHigh (clip-higher, DAPO uses 0.28).
   *
   * @defaultValue `epsilon`
   */
  epsilonHigh?: number;
  /**
   * Dual-clip constant c > 1: for negative advantages the token loss is capped at −A·c. `false` turns it off.
   *
   * @defaultValue verl 3; TRL and OpenRLHF off
   */
  dualClip?: number | false;
  /**
   * Per-token objective: `'clip'` (PPO/GRPO clipped surrogate), `'sapo'` (soft adaptive gate
   * −f(ρ)·A, TRL and verl `sapo`), `'cispo'` (−sg(w)·A·logp with a clipped, stopped weight).
   *
   * @defaultValue `'clip'`
   */
  surrogate?: 'clip' | 'sapo' | 'cispo';
  /**
   * TRL `delta` (INTELLECT-2 two-sided clipping): the unclipped ratio is capped at delta
   * (> 1 + epsilonHigh) before the min. Only for `'clip'`.
   *
   * @defaultValue none
   */
  delta?: number;
  /**
   * SAPO temperature τ for tokens with A > 0 (TRL `sapo_temperature_pos`, verl `tau_pos`).
   *
   * @defaultValue `1`
   */
  sapoTemperaturePositive?: number;
  /**
   * SAPO temperature τ for tokens with A ≤ 0 (TRL `sapo_temperature_neg`, verl `tau_neg`).
   *
   * @defaultValue `1.05`
   */
  sapoTemperatureNegative?: number;
  /**
   * CISPO weight cap, TRL style: w = min(ρ, cispoMaxWeight) (TRL passes `epsilon_high`, e.g. 5).
   * Unset: verl style, w = clip(ρ, 1 − epsilon, 1 + epsilonHigh).
   *
   * @defaultValue none (verl style)
   */
  cispoMaxWeight?: number;
  /**
   * How token losses are aggregated (TRL `loss_type`; see {@link LossType}).
   *
   * @defaultValue `'dapo'` (verl with sequence importance sampling: `'grpo'`)
   */
  lossType?: LossType;
  /**
   * The Dr. GRPO constant of `'dr_grpo'` (TRL `max_completion_length`).
   *
   * @defaultValue the padded width `logp.shape[1]`
   */
  maxCompletionLength?: number;
  /**
   * `'token'`: one ratio per token (PPO/GRPO). `'sequence'` (GSPO): one ratio per sequence,
   * exp of the masked mean log-ratio.
   *
   * @defaultValue `'token'`
   */
  importanceSamplingLevel?: 'token' | 'sequence';
  /**
   * Bound on |logp − oldLogp| before `exp`; `false` for none.
   *
   * @defaultValue verl and OpenRLHF 20; TRL none
   */
  logRatioClamp?: number | false;
  /**
   * KL coefficient; the aggregated KL (current policy vs `refLogp`) times beta is added to the loss.
   *
   * @defaultValue `0`
   */
  beta?: number;
  /**
   * KL estimator for the loss term and the `klMean` metric.
   *
   * @defaultValue TRL and verl `'k3'`; OpenRLHF `'k1'`
   */
  klEstimator?: KlEstimator;
  /**
   * Clamp of the KL estimator's value (see {@link KlPenaltyOptions.clamp}).
   *
   * @defaultValue the preset's clamp for the estimator
   */
  klClamp?: number;
  /**
   * Entropy bonus coefficient: loss −= coefficient · aggregated entropy. Needs `inputs.logits` or `inputs.entropy`.
   *
   * @defaultValue `0`
   */
  entropyCoef?: number;
  /**
   * Temperature applied to `inputs.logits` before the entropy.
   *
   * @defaultValue `1`
   */
  temperature?: number;
  /**
   * Whether to compute and read back the metrics (one small synchronous read). Either way the
   * loss value is read back and a NaN or infinite loss throws `NUMERIC_ERROR`.
   *
   * @defaultValue `true`
   */
  computeMetrics?: boolean;
}

/**
 * Logged statistics of one {@link policyLoss} call; token fractions and means are over masked tokens.
 *
 * @category Policy loss
 */
export interface PolicyLossMetrics {
  /** The aggregated clipped surrogate alone (TRL `policy_loss`, verl `actor/pg_loss`). */
  policyLoss: number;
  /** Fraction of tokens with A < 0 and ratio < 1 − epsilon (TRL `clip_ratio/low_mean`). */
  clipFractionLow: number;
  /** Fraction of tokens with A > 0 and ratio > 1 + epsilonHigh (TRL `clip_ratio/high_mean`). */
  clipFractionHigh: number;
  /** Fraction of tokens in either clipped region (TRL `clip_ratio/region_mean`, verl `pg_clipfrac`). */
  clipFractionRegion: number;
  /** Fraction of tokens where the dual clip is active (verl `pg_clipfrac_lower`); 0 when off. */
  dualClipFraction: number;
  /** Mean of oldLogp − logp (verl `actor/ppo_kl`, OpenRLHF `ppo_kl`). */
  approxKl: number;
  /** Mean per-token KL to the reference, when `refLogp` is given (TRL `kl`). */
  klMean?: number;
  /** Mean per-token entropy, when `logits` or `entropy` are given (TRL `entropy`). */
  entropy?: number;
}

/**
 * Result of {@link policyLoss}.
 *
 * @category Policy loss
 */
export interface PolicyLossResult {
  /** The scalar loss to minimize; differentiable w.r.t. `logp` (and `logits` with an entropy bonus). */
  loss: tf.Scalar;
  /** Logged statistics, present unless `computeMetrics` is false. */
  metrics?: PolicyLossMetrics;
}
