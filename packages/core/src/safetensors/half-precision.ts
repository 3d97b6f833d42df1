/**
 * Widens IEEE 754 half-precision (F16) bit patterns to float32, including subnormals,
 * infinities and NaN.
 *
 * @param bits - Raw 16-bit values.
 * @returns The float32 values.
 * @internal
 */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * fraction * 2 ** -24;
    else if (exponent === 31)
      out[i] = fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
    else out[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

/**
 * Widens bfloat16 (BF16) bit patterns to float32: a bfloat16 is the upper 16 bits of a float32.
 *
 * @param bits - Raw 16-bit values.
 * @returns The float32 values.
 * @internal
 */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i]! << 16;
  return new Float32Array(words.buffer);
}

/**
 * Narrows numbers to F16 bit patterns, rounding to nearest even; overflow gives infinity.
 *
 * @param values - The values.
 * @returns The 16-bit patterns.
 * @internal
 */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  return narrowFloat32(values, (x) => {
    const sign = (x >>> 16) & 0x8000;
    const exponent = (x >>> 23) & 0xff;
    const mantissa = x & 0x7fffff;
    if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
    const halfExponent = exponent - 127 + 15;
    if (halfExponent >= 31) return sign | 0x7c00;
    if (halfExponent <= 0) {
      if (halfExponent < -10) return sign;
      return sign | roundShift(mantissa | 0x800000, 14 - halfExponent);
    }
    return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
  });
}

/**
 * Narrows numbers to BF16 bit patterns (upper half of float32), rounding to nearest even.
 *
 * @param values - The values.
 * @returns The 16-bit patterns.
 * @internal
 */
export function float32ToBfloat16(values: ArrayLike<number>): Uint16Array {
  return narrowFloat32(values, (x) =>
    (x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0
      ? (x >>> 16) | 0x40
      : (x + 0x7fff + ((x >>> 16) & 1)) >>> 16,
  );
}

/** Rounds each value to float32 and maps its 32-bit pattern to a 16-bit one. */
function narrowFloat32(values: ArrayLike<number>, narrow: (bits: number) => number): Uint16Array {
  const out = new Uint16Array(values.length);
  const word = new Uint32Array(1);
  const float = new Float32Array(word.buffer);
  for (let i = 0; i < values.length; i++) {
    float[0] = values[i]!;
    out[i] = narrow(word[0]!);
  }
  return out;
}

/** `value >> shift` rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return remainder > half || (remainder === half && (kept & 1) === 1) ? kept + 1 : kept;
}
