import { parseSafetensors, R1kitError, serializeSafetensors } from '@r1kit/core';

/**
 * A float32 tensor as the model loaders and savers handle it.
 *
 * @category Safetensors
 */
export interface Float32Entry {
  /** The shape. */
  shape: number[];
  /** Row-major values; length is the product of the shape. */
  data: Float32Array;
}

/** The floating-point dtypes a weight file may hold. */
const floatDtypes = new Set(['F32', 'F16', 'BF16', 'F64']);

/**
 * Reads model weights from a safetensors file with `@r1kit/core`'s codec and converts every
 * tensor to float32 (F16/BF16 are widened by the codec, F64 narrowed here).
 *
 * @param bytes - The whole file.
 * @param source - A name for error messages (usually the file path).
 * @returns Tensors by name, in header order.
 * @throws R1kitError `UNSUPPORTED` for a tensor that is not F32, F16, BF16 or F64, and the
 *   codec's `PARSE_ERROR` for a malformed file.
 * @internal
 */
export function readFloat32Safetensors(
  bytes: Uint8Array,
  source = 'safetensors',
): Map<string, Float32Entry> {
  const tensors = new Map<string, Float32Entry>();
  for (const [name, tensor] of Object.entries(parseSafetensors(bytes, { source }).tensors)) {
    if (!floatDtypes.has(tensor.dtype)) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `parseSafetensors: ${source}: tensor '${name}' has dtype "${tensor.dtype}"; model weights must be F32, F16, BF16 or F64`,
      });
    }
    const data = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data);
    tensors.set(name, { shape: tensor.shape, data });
  }
  return tensors;
}

/**
 * Writes float32 tensors as a safetensors file with `__metadata__` `{ format: 'pt' }`, which
 * Hugging Face `transformers` and PEFT expect of PyTorch weights.
 *
 * @param tensors - Tensors by name.
 * @returns The file's bytes.
 * @internal
 */
export function writeFloat32Safetensors(tensors: ReadonlyMap<string, Float32Entry>): Uint8Array {
  return serializeSafetensors(tensors, { metadata: { format: 'pt' } });
}
