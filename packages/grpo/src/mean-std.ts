/**
 * Mean and standard deviation of the non-NaN values in `values[start:end]`.
 * @internal
 */
export interface MeanStd {
  /** Mean of the valid values (NaN when there are none). */
  mean: number;
  /**
   * Standard deviation of the valid values (NaN when too few for the chosen correction;
   * Infinity only when the true std exceeds the float64 range).
   */
  std: number;
  /** Number of valid (non-NaN) values. */
  count: number;
  /** Whether all valid values are exactly equal (true for zero or one valid value). */
  constant: boolean;
  /**
   * The power of two the statistics were computed at: the largest |value| rounded down to a
   * power of two, or the scale passed in. `mean = scaledMean · scale`, `std = scaledStd · scale`.
   */
  scale: number;
  /** `mean / scale`, computed without overflow. */
  scaledMean: number;
  /** `std / scale`, computed without overflow (no squaring of values beyond ±4). */
  scaledStd: number;
}

/**
 * The power of two at or just below `magnitude` (1 for 0), clamped to the finite float64 range.
 * Dividing by a power of two is exact, so scaled statistics round exactly as unscaled ones do
 * whenever the unscaled ones neither overflow nor underflow.
 * @internal
 */
export function powerOfTwoScale(magnitude: number): number {
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) return 1;
  const exponent = Math.min(1023, Math.max(-1074, Math.floor(Math.log2(magnitude))));
  return 2 ** exponent;
}

/**
 * Mean and standard deviation ignoring NaN entries, with Bessel's (N−1) correction unless
 * `unbiased` is false. Exact-equality detection of constant ranges avoids floating-point noise
 * turning a zero-variance group into a tiny non-zero std.
 *
 * The values are divided by a power of two near their largest magnitude (or by `scale` when
 * given) before summing and squaring, so rewards of ±1e308 do not overflow the squares and
 * rewards of 1e-300 do not underflow them; the result is bit-identical to the direct formula in
 * the ordinary range.
 * @internal
 */
export function nanMeanStd(
  values: ArrayLike<number>,
  start = 0,
  end = values.length,
  unbiased = true,
  scale?: number,
): MeanStd {
  let count = 0;
  let first = Number.NaN;
  let constant = true;
  let largest = 0;
  for (let i = start; i < end; i += 1) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    if (count === 0) first = value;
    else if (value !== first) constant = false;
    count += 1;
    largest = Math.max(largest, Math.abs(value));
  }
  const unit = scale ?? powerOfTwoScale(largest);
  let sum = 0;
  for (let i = start; i < end; i += 1) {
    const value = values[i]!;
    if (!Number.isNaN(value)) sum += value / unit;
  }
  const scaledMean = count > 0 ? sum / count : Number.NaN;
  let squares = 0;
  for (let i = start; i < end; i += 1) {
    const value = values[i]!;
    if (!Number.isNaN(value)) squares += (value / unit - scaledMean) ** 2;
  }
  const dof = unbiased ? count - 1 : count;
  const scaledStd = constant && count > 0 ? 0 : dof > 0 ? Math.sqrt(squares / dof) : Number.NaN;
  return {
    mean: constant && count > 0 ? first : scaledMean * unit,
    std: scaledStd * unit,
    count,
    constant,
    scale: unit,
    scaledMean: constant && count > 0 ? first / unit : scaledMean,
    scaledStd,
  };
}
