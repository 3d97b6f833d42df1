/**
 * Element types an {@link NdArray} can hold. `float16` data is widened to `Float32Array` when
 * read; the original dtype is kept so a writer can narrow it again.
 *
 * @category Feature input
 */
export type NdDtype =
  | 'float16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'bool';

/**
 * The typed array that holds the elements of an {@link NdArray}.
 *
 * @category Feature input
 */
export type NdData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

/**
 * A dense n-dimensional array in row-major (C) order, as read from `.npy`, `.npz` or
 * safetensors files.
 *
 * @category Feature input
 */
export interface NdArray {
  /** The element type stored in the file. */
  dtype: NdDtype;
  /** The dimensions, outermost first; `[]` for a scalar. */
  shape: number[];
  /** The elements in row-major order; `float16` is widened to `Float32Array`. */
  data: NdData;
}

/**
 * Number of elements of a shape (1 for a scalar).
 *
 * @param shape - The dimensions.
 * @returns Their product.
 * @internal
 */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}
