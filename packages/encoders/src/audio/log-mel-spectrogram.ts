import { invalidArgument } from '@r1kit/core';
import { requireFinite } from '../require-finite.js';
import { type MelFilterBankOptions, melFilterBank } from './mel-filter-bank.js';
import { PowerSpectrum } from './power-spectrum.js';

/**
 * Options for {@link logMelSpectrogram}; the defaults are Whisper's front end.
 *
 * @category Audio
 */
export interface LogMelOptions extends MelFilterBankOptions {
  /**
   * Samples between frames.
   *
   * @defaultValue `160`
   */
  hopLength?: number;
  /**
   * Window length (at most `nFft`; centred and zero-padded to `nFft`).
   *
   * @defaultValue `nFft`
   */
  windowLength?: number;
  /**
   * Whether to reflect-pad `nFft / 2` samples on both sides so frame `t` is centred on
   * sample `t * hopLength` (like `torch.stft(center=True)`).
   *
   * @defaultValue `true`
   */
  center?: boolean;
  /**
   * Whether to drop the last frame, as Whisper does (`stft[..., :-1]`).
   *
   * @defaultValue `true`
   */
  dropLastFrame?: boolean;
  /**
   * Whisper's normalisation: `max(log10 mel, max - 8)`, then `(x + 4) / 4`. When `false` the
   * plain `log10(max(mel, 1e-10))` is returned.
   *
   * @defaultValue `true`
   */
  whisperNormalize?: boolean;
}

/**
 * A log-mel spectrogram of a mono signal: centred frames, a periodic Hann window, the power
 * spectrum (exact DFT of `nFft` points), a mel filter bank, `log10` with a 1e-10 floor and,
 * by default, Whisper's dynamic-range normalisation.
 *
 * @param signal - Mono samples (at `sampleRate`).
 * @param options - Front-end parameters; defaults match Whisper (16 kHz, 400, 160, 80 mels).
 * @returns `data` as `[nMels, frames]` row-major, with its `shape`.
 *
 * @example
 * ```ts
 * import { logMelSpectrogram } from '@r1kit/encoders';
 * const { shape } = logMelSpectrogram(new Float32Array(32000)); // [80, 200]
 * ```
 *
 * @category Audio
 */
export function logMelSpectrogram(
  signal: Float32Array,
  options: LogMelOptions = {},
): { data: Float32Array; shape: [number, number] } {
  const nFft = options.nFft ?? 400;
  const hop = options.hopLength ?? 160;
  const windowLength = options.windowLength ?? nFft;
  const center = options.center ?? true;
  for (const [argument, value] of [
    ['options.nFft', nFft],
    ['options.hopLength', hop],
    ['options.windowLength', windowLength],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0)
      throw invalidArgument({
        functionName: 'logMelSpectrogram',
        argument,
        received: value,
        expected: 'a positive integer',
      });
  }
  if (windowLength > nFft)
    throw invalidArgument({
      functionName: 'logMelSpectrogram',
      argument: 'options.windowLength',
      received: windowLength,
      expected: `at most nFft (${nFft})`,
    });
  requireFinite('logMelSpectrogram', 'signal', signal);
  const padded = center ? reflectPad(signal, Math.floor(nFft / 2)) : signal;
  if (padded.length < nFft)
    throw invalidArgument({
      functionName: 'logMelSpectrogram',
      argument: 'signal',
      received: signal,
      expected: center
        ? `more than ${Math.floor(nFft / 2)} samples (reflect padding)`
        : `at least nFft (${nFft}) samples`,
    });
  let frames = 1 + Math.floor((padded.length - nFft) / hop);
  if (options.dropLastFrame ?? true) frames = Math.max(1, frames - 1);
  const window = new Float64Array(nFft);
  const offset = Math.floor((nFft - windowLength) / 2);
  for (let n = 0; n < windowLength; n++)
    window[offset + n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / windowLength);
  const bank = melFilterBank({ ...options, nFft });
  const nMels = bank.length;
  const spectrum = new PowerSpectrum(nFft);
  const power = new Float64Array(spectrum.bins);
  const frame = new Float64Array(nFft);
  const data = new Float32Array(nMels * frames);
  for (let t = 0; t < frames; t++) {
    for (let n = 0; n < nFft; n++) frame[n] = padded[t * hop + n]! * window[n]!;
    spectrum.compute(frame, power);
    for (let m = 0; m < nMels; m++) {
      const row = bank[m]!;
      let sum = 0;
      for (let k = 0; k < power.length; k++) sum += row[k]! * power[k]!;
      data[m * frames + t] = Math.log10(Math.max(sum, 1e-10));
    }
  }
  if (options.whisperNormalize ?? true) {
    let max = Number.NEGATIVE_INFINITY;
    for (const value of data) max = Math.max(max, value);
    for (let index = 0; index < data.length; index++)
      data[index] = (Math.max(data[index]!, max - 8) + 4) / 4;
  }
  return { data, shape: [nMels, frames] };
}

/** Pads `amount` samples on each side by reflection (the edge sample is not repeated). */
function reflectPad(signal: Float32Array, amount: number): Float32Array {
  if (signal.length <= amount) return new Float32Array(0);
  const out = new Float32Array(signal.length + 2 * amount);
  out.set(signal, amount);
  for (let index = 1; index <= amount; index++) {
    out[amount - index] = signal[index]!;
    out[amount + signal.length - 1 + index] = signal[signal.length - 1 - index]!;
  }
  return out;
}
