import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { aggregateLoss } from './aggregate-loss.js';
import { entropyFromLogits } from './entropy-from-logits.js';
import { klPenalty } from './kl-penalty.js';
import { advantagesTensor } from './policy-loss-inputs.js';
import type {
  PolicyLossInputs,
  PolicyLossMetrics,
  PolicyLossOptions,
  PolicyLossResult,
} from './policy-loss-options.js';
import { resolvePolicyLoss } from './policy-loss-settings.js';
import { stopGradient } from './stop-gradient.js';
import { surrogateLoss } from './surrogate-loss.js';

/**
 * The clipped-surrogate policy loss of PPO/GRPO/DAPO/Dr. GRPO/GSPO, with optional KL-to-reference
 * and entropy terms: per token `−min(ρA, clip(ρ, 1−ε_low, 1+ε_high)A)` (capped at `−A·c` for
 * A < 0 with dual-clip), aggregated by `lossType`, `+ beta·KL − entropyCoef·H`.
 * Differentiable with respect to `logp` (and `logits`).
 *
 * @param inputs - `logp`, `oldLogp?`, `refLogp?`, `advantages`, `mask`, `logits?` or `entropy?`.
 * @param options - Clip ranges, loss type, importance sampling, KL and entropy terms, preset.
 * @returns The scalar loss and the logged metrics.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { policyLoss } from '@r1kit/grpo';
 * const logp = tf.tensor2d([[-1, -0.5], [-0.3, -1.5]]);
 * const oldLogp = tf.tensor2d([[-1.25, -0.4], [-0.6, -1]]);
 * const mask = tf.tensor2d([[1, 1], [1, 1]]);
 * const { loss, metrics } = policyLoss(
 *   { logp, oldLogp, advantages: [1, -1], mask },
 *   { epsilon: 0.2, epsilonHigh: 0.28, lossType: 'dapo' },
 * );
 * console.log(loss.dataSync()[0], metrics?.clipFractionRegion);
 * ```
 *
 * @category Policy loss
 */
export function policyLoss(
  inputs: PolicyLossInputs,
  options: PolicyLossOptions = {},
): PolicyLossResult {
  const settings = resolvePolicyLoss(inputs, options);
  const { logp, mask } = inputs;
  const shape = logp.shape as [number, number];
  let stats: tf.Tensor | undefined;
  const loss = tf.tidy(() => {
    const weights = tf.cast(mask, 'float32');
    const tokenMean = (x: tf.Tensor) => aggregateLoss(x, weights, { lossType: 'dapo' });
    const rawAdvantages = advantagesTensor(inputs.advantages, shape);
    const advantages = tf.broadcastTo(
      rawAdvantages.rank === 1 ? tf.reshape(rawAdvantages, [shape[0], 1]) : rawAdvantages,
      shape,
    );
    const old = inputs.oldLogp ?? stopGradient(logp);
    let logRatio = tf.sub(logp, old);
    if (settings.logRatioClamp !== undefined) {
      logRatio = tf.clipByValue(logRatio, -settings.logRatioClamp, settings.logRatioClamp);
    }
    let ratioLog = logRatio;
    if (settings.importanceSamplingLevel === 'sequence') {
      const tokens = tf.maximum(tf.sum(weights, 1, true), 1);
      ratioLog = tf.div(tf.sum(tf.mul(tf.sub(logp, old), weights), 1, true), tokens);
      if (settings.sequenceLogRatioMax !== undefined) {
        ratioLog = tf.minimum(ratioLog, settings.sequenceLogRatioMax);
      }
    }
    const tokenLogRatio = tf.broadcastTo(ratioLog, shape);
    const { loss: tokenLoss, dualActive } = surrogateLoss(
      tokenLogRatio,
      advantages,
      logp,
      settings,
    );
    const pgLoss = aggregateLoss(tokenLoss, weights, settings.aggregation);
    const regularizer = { ...settings.aggregation, lossType: settings.regularizerLossType };
    let total: tf.Tensor = pgLoss;
    let kl: tf.Tensor | undefined;
    if (inputs.refLogp !== undefined) {
      kl = klPenalty(logp, inputs.refLogp, {
        estimator: settings.klEstimator,
        preset: settings.preset,
        ...(settings.klClamp === undefined ? {} : { clamp: settings.klClamp }),
      });
      if (settings.beta > 0) {
        total = tf.add(total, tf.mul(aggregateLoss(kl, weights, regularizer), settings.beta));
      }
    }
    let entropy: tf.Tensor | undefined;
    if (inputs.entropy !== undefined) entropy = inputs.entropy;
    else if (inputs.logits !== undefined) {
      entropy = entropyFromLogits(inputs.logits, { temperature: settings.temperature });
    }
    if (entropy !== undefined && settings.entropyCoef !== 0) {
      const bonus = aggregateLoss(entropy, weights, regularizer);
      total = tf.sub(total, tf.mul(bonus, settings.entropyCoef));
    }
    if (settings.computeMetrics) {
      const ratio = tf.exp(tokenLogRatio);
      const low = 1 - settings.epsilon;
      const high = 1 + settings.epsilonHigh;
      const lowClipped = tf.logicalAnd(tf.less(advantages, 0), tf.less(ratio, low));
      const highClipped = tf.logicalAnd(tf.greater(advantages, 0), tf.greater(ratio, high));
      const fraction = (x: tf.Tensor) => tokenMean(tf.cast(x, 'float32'));
      const nan = tf.scalar(Number.NaN);
      stats = tf.keep(
        tf.stack([
          total,
          pgLoss,
          fraction(lowClipped),
          fraction(highClipped),
          fraction(tf.logicalOr(lowClipped, highClipped)),
          fraction(dualActive),
          tokenMean(tf.neg(logRatio)),
          kl === undefined ? nan : tokenMean(kl),
          entropy === undefined ? nan : tokenMean(entropy),
        ]),
      );
    }
    return total as tf.Scalar;
  });
  const values = stats?.dataSync() ?? loss.dataSync();
  stats?.dispose();
  if (!Number.isFinite(values[0]!)) {
    loss.dispose();
    throw new R1kitError({
      code: 'NUMERIC_ERROR',
      message: `policyLoss: the loss is ${values[0]}; check inputs.logp, oldLogp, refLogp, advantages and logits for NaN or Infinity (or set a logRatioClamp / klClamp)`,
    });
  }
  if (stats === undefined) return { loss };
  const metrics: PolicyLossMetrics = {
    policyLoss: values[1]!,
    clipFractionLow: values[2]!,
    clipFractionHigh: values[3]!,
    clipFractionRegion: values[4]!,
    dualClipFraction: values[5]!,
    approxKl: values[6]!,
  };
  if (inputs.refLogp !== undefined) metrics.klMean = values[7]!;
  if (inputs.logits !== undefined || inputs.entropy !== undefined) metrics.entropy = values[8]!;
  return { loss, metrics };
}
