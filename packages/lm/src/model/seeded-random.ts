/**
 * A small deterministic generator (mulberry32) for weight initialisation: the same seed gives the
 * same weights on every backend and platform, independent of TensorFlow.js's own RNG.
 */
export class SeededRandom {
  /** The 32-bit generator state. */
  private state: number;

  /** Creates a generator from an integer seed. */
  constructor(seed: number) {
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** A uniform number in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `count` normal samples with the given standard deviation (Box-Muller). */
  normal(count: number, std: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.uniform())) * std;
      const angle = 2 * Math.PI * this.uniform();
      out[i] = radius * Math.cos(angle);
      if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
    }
    return out;
  }

  /** `count` samples uniform in [-bound, bound). */
  symmetricUniform(count: number, bound: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = (2 * this.uniform() - 1) * bound;
    return out;
  }

  /** A new integer seed for a child generator or a dropout mask. */
  nextSeed(): number {
    return Math.floor(this.uniform() * 2147483647);
  }
}
