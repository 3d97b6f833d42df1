/**
 * Rounds float32 values to IEEE half precision (round to nearest, ties to even; overflow to
 * infinity, NaN kept), as the bits GGUF's F16 tensors store.
 *
 * @param values - Float32 values.
 * @returns Their float16 bit patterns.
 */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const sign = (word >>> 16) & 0x8000;
    const exponent = (word >>> 23) & 0xff;
    let mantissa = word & 0x7fffff;
    if (exponent === 0xff) {
      out[index] = sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
      continue;
    }
    const halfExponent = exponent - 112; // rebias 127 -> 15
    if (halfExponent >= 0x1f) {
      out[index] = sign | 0x7c00;
      continue;
    }
    let shift = 13;
    let half: number;
    if (halfExponent <= 0) {
      if (halfExponent < -10) {
        out[index] = sign;
        continue;
      }
      mantissa |= 0x800000;
      shift = 14 - halfExponent;
      half = mantissa >>> shift;
    } else {
      half = (halfExponent << 10) | (mantissa >>> 13);
    }
    const roundBit = (mantissa >>> (shift - 1)) & 1;
    const sticky = mantissa & ((1 << (shift - 1)) - 1);
    if (roundBit === 1 && (sticky !== 0 || (half & 1) === 1)) half += 1;
    out[index] = sign | half;
  }
  return out;
}
