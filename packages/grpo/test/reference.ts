// Float64 reference implementations written from the spec formulas (§2.2, §2.3, §2.5, §2.7),
// independent of the tfjs code, for value parity and finite-difference gradients.

/** d = logp − ref → per-token estimator value, with optional clamps (spec §2.5). */
export function referenceKl(
  estimator: 'k1' | 'k2' | 'k3' | 'abs',
  d: number,
  clamp?: number,
  logRatioClamp?: number,
): number {
  const x = logRatioClamp === undefined ? d : Math.min(Math.max(d, -logRatioClamp), logRatioClamp);
  let value: number;
  if (estimator === 'k1') value = x;
  else if (estimator === 'k2') value = (x * x) / 2;
  else if (estimator === 'abs') value = Math.abs(x);
  else value = Math.exp(-x) - 1 + x;
  return clamp === undefined ? value : Math.min(Math.max(value, -clamp), clamp);
}

/** Options of {@link referencePolicyLoss}. */
export interface ReferenceOptions {
  epsilon: number;
  epsilonHigh: number;
  dualClip?: number;
  lossType: string;
  maxLength?: number;
  countEmpty?: boolean;
  sequence?: boolean;
  beta?: number;
  kl?: 'k1' | 'k2' | 'k3' | 'abs';
  entropyCoef?: number;
  /** Per-token entropies (constants for the logp gradient). */
  entropy?: number[][];
  logRatioClamp?: number;
}

function aggregate(
  values: number[][],
  mask: number[][],
  lossType: string,
  options: ReferenceOptions,
) {
  let total = 0;
  let tokens = 0;
  let sequences = 0;
  let perSequence = 0;
  values.forEach((row, b) => {
    let sum = 0;
    let count = 0;
    row.forEach((value, t) => {
      sum += value * mask[b]![t]!;
      count += mask[b]![t]!;
    });
    total += sum;
    tokens += count;
    if (count > 0 || (options.countEmpty ?? true)) sequences += 1;
    perSequence += lossType === 'grpo' ? sum / Math.max(count, 1) : sum;
  });
  if (lossType === 'token-sum') return total;
  if (lossType === 'dapo' || lossType === 'bnpo') return total / tokens;
  const mean = perSequence / sequences;
  return lossType === 'dr_grpo' ? mean / (options.maxLength ?? values[0]!.length) : mean;
}

/** The clipped-surrogate loss (+ β·KL − c·H) in float64, from the spec's formulas. */
export function referencePolicyLoss(
  logp: number[][],
  old: number[][],
  ref: number[][] | undefined,
  advantages: number[],
  mask: number[][],
  options: ReferenceOptions,
): number {
  const clampRatio = (x: number) =>
    options.logRatioClamp === undefined
      ? x
      : Math.min(Math.max(x, -options.logRatioClamp), options.logRatioClamp);
  const losses = logp.map((row, b) => {
    const a = advantages[b]!;
    let sequenceLog = 0;
    if (options.sequence) {
      let count = 0;
      row.forEach((value, t) => {
        sequenceLog += (value - old[b]![t]!) * mask[b]![t]!;
        count += mask[b]![t]!;
      });
      sequenceLog /= Math.max(count, 1);
    }
    return row.map((value, t) => {
      const rho = Math.exp(options.sequence ? sequenceLog : clampRatio(value - old[b]![t]!));
      const clipped = Math.min(Math.max(rho, 1 - options.epsilon), 1 + options.epsilonHigh);
      let loss = Math.max(-a * rho, -a * clipped);
      if (options.dualClip !== undefined && a < 0) loss = Math.min(loss, -a * options.dualClip);
      return loss;
    });
  });
  let result = aggregate(losses, mask, options.lossType, options);
  if (options.beta && ref) {
    const kl = logp.map((row, b) =>
      row.map((value, t) => referenceKl(options.kl ?? 'k3', value - ref[b]![t]!)),
    );
    result += options.beta * aggregate(kl, mask, options.lossType, options);
  }
  if (options.entropyCoef && options.entropy) {
    result -= options.entropyCoef * aggregate(options.entropy, mask, options.lossType, options);
  }
  return result;
}

/** log_softmax(row / temperature) in float64. */
export function referenceLogSoftmax(row: number[], temperature = 1): number[] {
  const scaled = row.map((value) => value / temperature);
  const max = Math.max(...scaled);
  const normalizer = max + Math.log(scaled.reduce((sum, value) => sum + Math.exp(value - max), 0));
  return scaled.map((value) => value - normalizer);
}

/** Entropy of softmax(row / temperature) in float64. */
export function referenceEntropy(row: number[], temperature = 1): number {
  return -referenceLogSoftmax(row, temperature).reduce((sum, lp) => sum + Math.exp(lp) * lp, 0);
}
