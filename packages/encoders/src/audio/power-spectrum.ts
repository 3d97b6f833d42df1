import FFT from 'fft.js';

/**
 * The power spectrum `|X_k|^2`, `k = 0..size/2`, of real frames of any length. Power-of-two
 * sizes use fft.js directly; other sizes (Whisper's 400) use Bluestein's chirp-z algorithm on
 * top of a power-of-two fft.js transform, so the result is the exact `size`-point DFT.
 *
 * @internal
 */
export class PowerSpectrum {
  /** Number of output bins, `floor(size / 2) + 1`. */
  readonly bins: number;
  private readonly fft: FFT;
  private readonly chirp: Float64Array | undefined;
  private readonly kernel: number[] | undefined;
  private readonly input: number[];
  private readonly output: number[];
  private readonly product: number[];

  /** Prepares the transform for frames of `size` samples. */
  constructor(readonly size: number) {
    this.bins = Math.floor(size / 2) + 1;
    const powerOfTwo = (size & (size - 1)) === 0 && size > 1;
    const transformSize = powerOfTwo ? size : 2 ** Math.ceil(Math.log2(2 * size - 1));
    this.fft = new FFT(transformSize);
    this.input = this.fft.createComplexArray();
    this.output = this.fft.createComplexArray();
    this.product = this.fft.createComplexArray();
    if (powerOfTwo) return;
    // w_n = exp(-i pi n^2 / N); n^2 is reduced mod 2N to keep the angle precise.
    this.chirp = new Float64Array(2 * size);
    for (let n = 0; n < size; n++) {
      const angle = (Math.PI * ((n * n) % (2 * size))) / size;
      this.chirp[2 * n] = Math.cos(angle);
      this.chirp[2 * n + 1] = -Math.sin(angle);
    }
    const b = this.fft.createComplexArray().fill(0);
    for (let n = 0; n < size; n++) {
      const re = this.chirp[2 * n]!;
      const im = -this.chirp[2 * n + 1]!; // conj(w_n)
      b[2 * n] = re;
      b[2 * n + 1] = im;
      if (n > 0) {
        b[2 * (transformSize - n)] = re;
        b[2 * (transformSize - n) + 1] = im;
      }
    }
    this.kernel = this.fft.createComplexArray();
    this.fft.transform(this.kernel, b);
  }

  /**
   * Computes the power spectrum of one frame.
   *
   * @param frame - `size` real samples.
   * @param out - Receives `bins` values.
   */
  compute(frame: ArrayLike<number>, out: Float64Array): void {
    const { input, output, size } = this;
    input.fill(0);
    if (this.chirp === undefined) {
      for (let n = 0; n < size; n++) input[2 * n] = frame[n]!;
      this.fft.transform(output, input);
      for (let k = 0; k < this.bins; k++) out[k] = output[2 * k]! ** 2 + output[2 * k + 1]! ** 2;
      return;
    }
    const chirp = this.chirp;
    const kernel = this.kernel!;
    for (let n = 0; n < size; n++) {
      input[2 * n] = frame[n]! * chirp[2 * n]!;
      input[2 * n + 1] = frame[n]! * chirp[2 * n + 1]!;
    }
    this.fft.transform(output, input);
    const product = this.product;
    for (let j = 0; j < product.length; j += 2) {
      const re = output[j]! * kernel[j]! - output[j + 1]! * kernel[j + 1]!;
      const im = output[j]! * kernel[j + 1]! + output[j + 1]! * kernel[j]!;
      product[j] = re;
      product[j + 1] = im;
    }
    this.fft.inverseTransform(output, product);
    // |X_k| = |w_k C_k| = |C_k| because |w_k| = 1.
    for (let k = 0; k < this.bins; k++) out[k] = output[2 * k]! ** 2 + output[2 * k + 1]! ** 2;
  }
}
