import { R1kitError } from '@r1kit/core';
import { nanMeanStd } from './mean-std.js';

/** Settings of {@link normalizeGroups}, already validated. @internal */
export interface NormalizeGroupsSettings {
  numGenerations: number;
  estimator: 'grpo' | 'rloo';
  scale: 'group' | 'batch' | 'none';
  epsilon: number;
  unbiasedStd: boolean;
  /** verl: a group of one sample has mean 0 and std 1. */
  singletonMeanZero: boolean;
  /** The public function, for the overflow error. */
  functionName?: string;
}

/**
 * Group-relative advantages of `values` (NaN = missing sample: excluded from the statistics and
 * given advantage 0). Constant groups give exactly 0.
 *
 * Numerics: every group is computed at a power-of-two scale near its largest |reward| (the
 * batch's for `scale: 'batch'`), i.e. `(r/s − mean/s) / (std/s + epsilon/s)`, which equals the
 * textbook formula bit for bit in the ordinary range and stays correct for rewards of ±1e308
 * (whose squares overflow) or 1e-300 (whose squares underflow). A group whose divisor is still
 * not a positive finite number (only possible with `epsilon` 0 and a std that vanishes at the
 * group's own scale) gets advantage 0, like a constant group. An advantage that is not
 * representable in float64 (`scale: 'none'` with rewards near ±1.8e308) throws `NUMERIC_ERROR`.
 * @internal
 */
export function normalizeGroups(
  values: ArrayLike<number>,
  settings: NormalizeGroupsSettings,
): Float64Array {
  const { numGenerations, estimator, scale, epsilon, unbiasedStd } = settings;
  const out = new Float64Array(values.length);
  const batch = scale === 'batch' ? nanMeanStd(values, 0, values.length, unbiasedStd) : undefined;
  for (let start = 0; start < values.length; start += numGenerations) {
    const end = start + numGenerations;
    const stats = nanMeanStd(values, start, end, unbiasedStd, batch?.scale);
    const singleton = numGenerations === 1 && settings.singletonMeanZero;
    if (!singleton && (stats.constant || stats.count < 2)) continue;
    const unit = stats.scale;
    const mean = singleton ? 0 : stats.scaledMean;
    const std = singleton ? 1 / unit : stats.scaledStd;
    const spread = scale === 'batch' ? batch!.scaledStd : std;
    const divisor = scale === 'none' ? 1 / unit : spread + epsilon / unit;
    if (!(divisor > 0 && Number.isFinite(divisor))) {
      // +Infinity: epsilon dwarfs every reward (advantage 0 is the float64 answer). 0 or NaN:
      // no spread left at this scale; treated as a constant group.
      continue;
    }
    const looFactor = estimator === 'rloo' ? stats.count / (stats.count - 1) : 1;
    for (let i = start; i < end; i += 1) {
      const value = values[i]!;
      if (Number.isNaN(value)) continue;
      const advantage = (looFactor * (value / unit - mean)) / divisor;
      if (!Number.isFinite(advantage)) {
        throw new R1kitError({
          code: 'NUMERIC_ERROR',
          message: `${settings.functionName ?? 'groupAdvantages'}: the advantage of sample ${i} (reward ${value}) is ${advantage} in float64; rescale the rewards or use a std scaling (options.scaleRewards 'group' or 'batch')`,
        });
      }
      out[i] = advantage;
    }
  }
  return out;
}
