import { nanMeanStd } from './mean-std.js';

/** Settings of {@link normalizeGroups}, already validated. @internal */
export interface NormalizeGroupsSettings {
  groupSize: number;
  estimator: 'grpo' | 'rloo';
  scale: 'group' | 'batch' | 'none';
  epsilon: number;
  unbiasedStd: boolean;
  /** verl: a group of one sample has mean 0 and std 1. */
  singletonMeanZero: boolean;
}

/**
 * Group-relative advantages of `values` (NaN = missing sample: excluded from the statistics and
 * given advantage 0). Constant groups give exactly 0.
 * @internal
 */
export function normalizeGroups(
  values: ArrayLike<number>,
  settings: NormalizeGroupsSettings,
): Float64Array {
  const { groupSize, estimator, scale, epsilon, unbiasedStd } = settings;
  const out = new Float64Array(values.length);
  const batchStd = scale === 'batch' ? nanMeanStd(values, 0, values.length, unbiasedStd).std : 1;
  for (let start = 0; start < values.length; start += groupSize) {
    const end = start + groupSize;
    const stats = nanMeanStd(values, start, end, unbiasedStd);
    const singleton = groupSize === 1 && settings.singletonMeanZero;
    if (!singleton && (stats.constant || stats.count < 2)) continue;
    const mean = singleton ? 0 : stats.mean;
    const std = singleton ? 1 : stats.std;
    const divisor = scale === 'group' ? std + epsilon : scale === 'batch' ? batchStd + epsilon : 1;
    const looFactor = estimator === 'rloo' ? stats.count / (stats.count - 1) : 1;
    for (let i = start; i < end; i += 1) {
      const value = values[i]!;
      out[i] = Number.isNaN(value) ? 0 : (looFactor * (value - mean)) / divisor;
    }
  }
  return out;
}
