import { invalidArgument } from '@r1kit/core';

/**
 * Options for {@link resample}.
 *
 * @category Audio
 */
export interface ResampleOptions {
  /** The input sample rate. */
  fromRate: number;
  /**
   * The output sample rate.
   *
   * @defaultValue `16000`
   */
  toRate?: number;
  /**
   * Zero crossings of the windowed-sinc kernel on each side; more is sharper and slower.
   *
   * @defaultValue `16`
   */
  zeroCrossings?: number;
}

/**
 * Resamples a mono signal by band-limited (Hann-windowed sinc) interpolation. When
 * down-sampling, the kernel's cut-off is lowered to the new Nyquist frequency, so content
 * above it is filtered out instead of aliasing.
 *
 * @param signal - Mono samples.
 * @param options - Input and output rates and kernel width.
 * @returns `round(signal.length * toRate / fromRate)` samples.
 *
 * @example
 * ```ts
 * import { resample } from '@r1kit/encoders';
 * const at16k = resample(new Float32Array(48000), { fromRate: 48000 }); // 16000 samples
 * ```
 *
 * @category Audio
 */
export function resample(signal: Float32Array, options: ResampleOptions): Float32Array {
  const { fromRate } = options;
  const toRate = options.toRate ?? 16000;
  const zeroCrossings = options.zeroCrossings ?? 16;
  for (const [argument, value] of [
    ['options.fromRate', fromRate],
    ['options.toRate', toRate],
    ['options.zeroCrossings', zeroCrossings],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw invalidArgument({
        functionName: 'resample',
        argument,
        received: value,
        expected: 'a positive number',
      });
    }
  }
  if (fromRate === toRate) return Float32Array.from(signal);
  const ratio = fromRate / toRate; // input samples per output sample
  const cutoff = Math.min(1, toRate / fromRate); // relative to the input Nyquist frequency
  const halfWidth = zeroCrossings / cutoff; // in input samples
  const out = new Float32Array(Math.round(signal.length / ratio));
  for (let index = 0; index < out.length; index++) {
    const center = index * ratio;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const last = Math.min(signal.length - 1, Math.floor(center + halfWidth));
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const distance = k - center;
      const x = distance * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * distance) / halfWidth);
      sum += signal[k]! * cutoff * sinc * window;
    }
    out[index] = sum;
  }
  return out;
}
