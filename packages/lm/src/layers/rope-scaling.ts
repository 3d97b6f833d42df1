import type { RopeScaling } from '../config/architecture.js';

/** Options of {@link ropeFrequencies}. */
export interface RopeFrequenciesOptions {
  /** Width of one head (even). */
  headDim: number;
  /** Rotary base (`rope_theta`). */
  theta: number;
  /**
   * The scaling to apply.
   *
   * @defaultValue none
   */
  scaling?: RopeScaling;
  /** `max_position_embeddings` (the reference length of `dynamic`). */
  maxPositionEmbeddings: number;
  /**
   * Longest sequence of the forward call (`dynamic` only: max position + 1).
   *
   * @defaultValue `maxPositionEmbeddings`
   */
  sequenceLength?: number;
}

/** YaRN's correction dimension of `rotations` full turns over `length` positions. */
function correctionDim(rotations: number, dim: number, base: number, length: number): number {
  return (dim * Math.log(length / (rotations * 2 * Math.PI))) / (2 * Math.log(base));
}

/** Frequencies of YaRN: a linear ramp from extrapolation (fast) to interpolation (slow). */
function yarnFrequencies(
  plain: Float64Array,
  dim: number,
  base: number,
  scaling: Extract<RopeScaling, { ropeType: 'yarn' }>,
): Float64Array {
  let low = correctionDim(scaling.betaFast, dim, base, scaling.originalMaxPositionEmbeddings);
  let high = correctionDim(scaling.betaSlow, dim, base, scaling.originalMaxPositionEmbeddings);
  if (scaling.truncate) {
    low = Math.floor(low);
    high = Math.ceil(high);
  }
  low = Math.max(low, 0);
  high = Math.min(high, dim - 1);
  if (low === high) high += 0.001;
  return plain.map((frequency, index) => {
    const ramp = Math.min(Math.max((index - low) / (high - low), 0), 1);
    const extrapolation = 1 - ramp;
    return (frequency / scaling.factor) * (1 - extrapolation) + frequency * extrapolation;
  });
}

/** Llama 3.1: long wavelengths divided by `factor`, short ones kept, a smooth blend between. */
function llama3Frequencies(
  plain: Float64Array,
  scaling: Extract<RopeScaling, { ropeType: 'llama3' }>,
): Float64Array {
  const {
    factor,
    lowFreqFactor,
    highFreqFactor,
    originalMaxPositionEmbeddings: original,
  } = scaling;
  const lowWavelength = original / lowFreqFactor;
  const highWavelength = original / highFreqFactor;
  return plain.map((frequency) => {
    const wavelength = (2 * Math.PI) / frequency;
    if (wavelength < highWavelength) return frequency;
    if (wavelength > lowWavelength) return frequency / factor;
    const smooth = (original / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return ((1 - smooth) * frequency) / factor + smooth * frequency;
  });
}

/**
 * The inverse frequencies of rotary embeddings, `theta^(-2i / headDim)` for `i < headDim / 2`,
 * with a Hugging Face `rope_scaling` applied, and the factor that multiplies cosines and sines
 * (YaRN's attention factor, else 1). Computed in float64 and rounded once to float32.
 *
 * @param options - Head width, base, scaling and (for `dynamic`) the sequence length.
 * @returns `inverse` (`headDim / 2` values) and `attentionFactor`.
 */
export function ropeFrequencies(options: RopeFrequenciesOptions): {
  inverse: Float32Array;
  attentionFactor: number;
} {
  const { headDim, scaling, maxPositionEmbeddings } = options;
  let base = options.theta;
  if (scaling?.ropeType === 'dynamic') {
    const length = Math.max(options.sequenceLength ?? maxPositionEmbeddings, maxPositionEmbeddings);
    const ratio = (scaling.factor * length) / maxPositionEmbeddings - (scaling.factor - 1);
    base *= ratio ** (headDim / (headDim - 2));
  }
  const plain = new Float64Array(headDim / 2).map((_, i) => 1 / base ** ((2 * i) / headDim));
  switch (scaling?.ropeType) {
    case 'linear':
      return { inverse: Float32Array.from(plain, (f) => f / scaling.factor), attentionFactor: 1 };
    case 'llama3':
      return { inverse: Float32Array.from(llama3Frequencies(plain, scaling)), attentionFactor: 1 };
    case 'yarn':
      return {
        inverse: Float32Array.from(yarnFrequencies(plain, headDim, base, scaling)),
        attentionFactor: scaling.attentionFactor,
      };
    default:
      return { inverse: Float32Array.from(plain), attentionFactor: 1 };
  }
}
