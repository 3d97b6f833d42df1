import { invalidArgument } from '@r1kit/core';

/**
 * Options for {@link melFilterBank}.
 *
 * @category Audio
 */
export interface MelFilterBankOptions {
  /**
   * Sample rate of the signal.
   *
   * @defaultValue `16000`
   */
  sampleRate?: number;
  /**
   * FFT size; the bank covers `nFft / 2 + 1` frequency bins.
   *
   * @defaultValue `400`
   */
  nFft?: number;
  /**
   * Number of mel bands.
   *
   * @defaultValue `80`
   */
  nMels?: number;
  /**
   * Lowest frequency in Hz.
   *
   * @defaultValue `0`
   */
  fMin?: number;
  /**
   * Highest frequency in Hz.
   *
   * @defaultValue `sampleRate / 2`
   */
  fMax?: number;
  /**
   * Mel scale: `'slaney'` (linear below 1 kHz, logarithmic above; librosa's and Whisper's
   * default) or `'htk'` (`2595 log10(1 + f / 700)`).
   *
   * @defaultValue `'slaney'`
   */
  melScale?: 'slaney' | 'htk';
  /**
   * `'slaney'` scales each triangle to unit area in Hz (librosa's default); `'none'` keeps
   * peaks at 1.
   *
   * @defaultValue `'slaney'`
   */
  norm?: 'slaney' | 'none';
}

/**
 * Triangular mel filters, as `librosa.filters.mel` builds them (the bank Whisper uses with
 * its defaults: 16 kHz, nFft 400, 80 mels).
 *
 * @param options - Rate, FFT size, number of bands, range, scale and normalisation.
 * @returns `nMels` rows of `nFft / 2 + 1` weights.
 *
 * @example
 * ```ts
 * import { melFilterBank } from '@r1kit/encoders';
 * const bank = melFilterBank({ nMels: 80 }); // 80 rows of 201 weights
 * ```
 *
 * @category Audio
 */
export function melFilterBank(options: MelFilterBankOptions = {}): Float32Array[] {
  const sampleRate = options.sampleRate ?? 16000;
  const nFft = options.nFft ?? 400;
  const nMels = options.nMels ?? 80;
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? sampleRate / 2;
  if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2)) {
    throw invalidArgument({
      functionName: 'melFilterBank',
      argument: 'options.fMax',
      received: fMax,
      expected: `greater than fMin (${fMin}) and at most sampleRate / 2 (${sampleRate / 2})`,
    });
  }
  const htk = options.melScale === 'htk';
  const toMel = (hz: number) => (htk ? 2595 * Math.log10(1 + hz / 700) : slaneyMel(hz));
  const toHz = (mel: number) => (htk ? 700 * (10 ** (mel / 2595) - 1) : slaneyHz(mel));
  const bins = Math.floor(nFft / 2) + 1;
  const low = toMel(fMin);
  const high = toMel(fMax);
  const edges = Array.from({ length: nMels + 2 }, (_, index) =>
    toHz(low + ((high - low) * index) / (nMels + 1)),
  );
  return Array.from({ length: nMels }, (_, band) => {
    const [left, center, right] = [edges[band]!, edges[band + 1]!, edges[band + 2]!];
    const scale = options.norm === 'none' ? 1 : 2 / (right - left);
    const row = new Float32Array(bins);
    for (let bin = 0; bin < bins; bin++) {
      const hz = (bin * sampleRate) / nFft;
      const weight = Math.max(
        0,
        Math.min((hz - left) / (center - left), (right - hz) / (right - center)),
      );
      row[bin] = weight * scale;
    }
    return row;
  });
}

const linearSlope = 200 / 3; // Hz per mel below 1 kHz
const logStep = Math.log(6.4) / 27; // mel step above 1 kHz

function slaneyMel(hz: number): number {
  return hz < 1000 ? hz / linearSlope : 15 + Math.log(hz / 1000) / logStep;
}

function slaneyHz(mel: number): number {
  return mel < 15 ? mel * linearSlope : 1000 * Math.exp(logStep * (mel - 15));
}
