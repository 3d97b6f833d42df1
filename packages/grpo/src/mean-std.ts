/**
 * Mean and standard deviation of the non-NaN values in `values[start:end]`.
 * @internal
 */
export interface MeanStd {
  /** Mean of the valid values (NaN when there are none). */
  mean: number;
  /** Standard deviation of the valid values (NaN when too few for the chosen correction). */
  std: number;
  /** Number of valid (non-NaN) values. */
  count: number;
  /** Whether all valid values are exactly equal (true for zero or one valid value). */
  constant: boolean;
}

/**
 * Mean and standard deviation ignoring NaN entries, with Bessel's (N−1) correction unless
 * `unbiased` is false. Exact-equality detection of constant ranges avoids floating-point noise
 * turning a zero-variance group into a tiny non-zero std.
 * @internal
 */
export function nanMeanStd(
  values: ArrayLike<number>,
  start = 0,
  end = values.length,
  unbiased = true,
): MeanStd {
  let count = 0;
  let sum = 0;
  let first = Number.NaN;
  let constant = true;
  for (let i = start; i < end; i += 1) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    if (count === 0) first = value;
    else if (value !== first) constant = false;
    count += 1;
    sum += value;
  }
  const mean = count > 0 ? sum / count : Number.NaN;
  let squares = 0;
  for (let i = start; i < end; i += 1) {
    const value = values[i]!;
    if (!Number.isNaN(value)) squares += (value - mean) ** 2;
  }
  const dof = unbiased ? count - 1 : count;
  const std = constant && count > 0 ? 0 : dof > 0 ? Math.sqrt(squares / dof) : Number.NaN;
  return { mean: constant && count > 0 ? first : mean, std, count, constant };
}
