/**
 * Converts IEEE 754 half-precision bit patterns to numbers.
 *
 * @param bits - Half-precision values as 16-bit unsigned integers.
 * @returns The values as 32-bit floats.
 * @internal
 */
export function halfToFloat(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let index = 0; index < bits.length; index++) {
    const value = bits[index]!;
    const sign = value & 0x8000 ? -1 : 1;
    const exponent = (value >> 10) & 0x1f;
    const fraction = value & 0x3ff;
    if (exponent === 0) out[index] = sign * 2 ** -14 * (fraction / 1024);
    else if (exponent === 31) out[index] = fraction === 0 ? sign * Infinity : Number.NaN;
    else out[index] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return out;
}

/**
 * Converts numbers to IEEE 754 half-precision bit patterns (round to nearest even).
 *
 * @param values - The values to narrow.
 * @returns Their half-precision bit patterns.
 * @internal
 */
export function floatToHalf(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let index = 0; index < values.length; index++) {
    f32[0] = values[index]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exponent = (x >>> 23) & 0xff;
    let mantissa = x & 0x7fffff;
    if (exponent === 0xff) {
      out[index] = sign | 0x7c00 | (mantissa ? 0x200 : 0);
      continue;
    }
    let halfExponent = exponent - 127 + 15;
    if (halfExponent >= 31) {
      out[index] = sign | 0x7c00;
      continue;
    }
    if (halfExponent <= 0) {
      if (halfExponent < -10) {
        out[index] = sign;
        continue;
      }
      mantissa |= 0x800000;
      const shift = 14 - halfExponent;
      let half = mantissa >> shift;
      const remainder = mantissa & ((1 << shift) - 1);
      const halfway = 1 << (shift - 1);
      if (remainder > halfway || (remainder === halfway && half & 1)) half++;
      out[index] = sign | half;
      continue;
    }
    let half = (halfExponent << 10) | (mantissa >> 13);
    const remainder = mantissa & 0x1fff;
    if (remainder > 0x1000 || (remainder === 0x1000 && half & 1)) half++;
    halfExponent = half >> 10;
    out[index] = sign | half;
  }
  return out;
}
