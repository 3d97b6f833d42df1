import { invalidArgument, requireInteger } from '@r1kit/core';

/**
 * An RGB image: `height * width * 3` bytes, row-major, channels last.
 *
 * @category Video
 */
export interface RgbFrame {
  /** Pixel bytes, `R, G, B` per pixel. */
  data: Uint8Array | Uint8ClampedArray;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/**
 * Options for {@link preprocessFrame}; the defaults are CLIP's image processor.
 *
 * @category Video
 */
export interface PreprocessFrameOptions {
  /**
   * Output side length in pixels.
   *
   * @defaultValue `224`
   */
  size?: number;
  /**
   * `'shortest-edge'` scales the shorter side to `size` then centre-crops (CLIP);
   * `'stretch'` scales both sides to `size`.
   *
   * @defaultValue `'shortest-edge'`
   */
  resize?: 'shortest-edge' | 'stretch';
  /**
   * Per-channel mean subtracted after scaling to `[0, 1]`.
   *
   * @defaultValue CLIP's `[0.48145466, 0.4578275, 0.40821073]`
   */
  mean?: readonly [number, number, number];
  /**
   * Per-channel standard deviation divided by.
   *
   * @defaultValue CLIP's `[0.26862954, 0.26130258, 0.27577711]`
   */
  std?: readonly [number, number, number];
  /**
   * `'hwc'` (channels last, for tfjs) or `'chw'` (channels first, for ONNX/PyTorch models).
   *
   * @defaultValue `'hwc'`
   */
  layout?: 'hwc' | 'chw';
}

const clipMean = [0.48145466, 0.4578275, 0.40821073] as const;
const clipStd = [0.26862954, 0.26130258, 0.27577711] as const;

/**
 * Resizes (bilinear, half-pixel centres), centre-crops and normalises an RGB frame into a
 * `size × size × 3` float array. CLIP's own processor resizes bicubically, so values differ
 * slightly from it at edges; the geometry and normalisation are the same.
 *
 * @param frame - The RGB image.
 * @param options - Size, resize mode, normalisation and layout.
 * @returns `size * size * 3` floats in the requested layout.
 *
 * @example
 * ```ts
 * import { preprocessFrame } from '@r1kit/encoders';
 * const pixels = preprocessFrame({ data: new Uint8Array(640 * 480 * 3), width: 640, height: 480 });
 * // 224 * 224 * 3 normalised values, channels last
 * ```
 *
 * @category Video
 */
export function preprocessFrame(
  frame: RgbFrame,
  options: PreprocessFrameOptions = {},
): Float32Array {
  const { data, width, height } = frame;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    data.length !== width * height * 3
  ) {
    throw invalidArgument({
      functionName: 'preprocessFrame',
      argument: 'frame.data',
      received: data,
      expected: `width * height * 3 bytes (${width} * ${height} * 3) with positive integer sides`,
      code: 'SHAPE_MISMATCH',
    });
  }
  const size = requireInteger({
    functionName: 'preprocessFrame',
    argument: 'options.size',
    value: options.size ?? 224,
    min: 1,
  });
  const mean = options.mean ?? clipMean;
  const std = options.std ?? clipStd;
  const chw = options.layout === 'chw';
  // Scale factors (source pixels per output pixel) and the crop offset in scaled pixels.
  let scaleX = width / size;
  let scaleY = height / size;
  let offsetX = 0;
  let offsetY = 0;
  if ((options.resize ?? 'shortest-edge') === 'shortest-edge') {
    const scale = Math.min(width, height) / size;
    scaleX = scale;
    scaleY = scale;
    offsetX = Math.floor((Math.round(width / scale) - size) / 2);
    offsetY = Math.floor((Math.round(height / scale) - size) / 2);
  }
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const sy = Math.min(Math.max((y + offsetY + 0.5) * scaleY - 0.5, 0), height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(Math.max((x + offsetX + 0.5) * scaleX - 0.5, 0), width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const at = (row: number, column: number) => data[(row * width + column) * 3 + c]!;
        const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        const value = ((top * (1 - wy) + bottom * wy) / 255 - mean[c]!) / std[c]!;
        out[chw ? c * size * size + y * size + x : (y * size + x) * 3 + c] = value;
      }
    }
  }
  return out;
}
