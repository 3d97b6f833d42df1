/**
 * Numeric element types an {@link NdArray} can hold. `float16` data is widened to
 * `Float32Array` when read; the original dtype is kept so a writer can narrow it again.
 *
 * @category Arrays
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
 * @category Arrays
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
 * A dense numeric n-dimensional array in row-major (C) order, as read from `.npy`, `.npz` or
 * safetensors files.
 *
 * @category Arrays
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
 * A numpy string array in row-major (C) order: `unicode` for numpy's `<U` (UTF-32) dtype,
 * `bytes` for `|S` (read as Latin-1). Trailing NUL padding is removed, as numpy does.
 *
 * @category Arrays
 */
export interface NdStringArray {
  /** `unicode` (numpy `U`) or `bytes` (numpy `S`). */
  dtype: 'unicode' | 'bytes';
  /** The dimensions, outermost first; `[]` for a scalar. */
  shape: number[];
  /** The strings in row-major order. */
  data: string[];
}

/**
 * What a `.npy` file holds: a numeric {@link NdArray} or an {@link NdStringArray}; tell them
 * apart by `dtype`.
 *
 * @category Arrays
 */
export type NpyArray = NdArray | NdStringArray;

/**
 * Whether an array read from a `.npy` file holds strings.
 *
 * @param array - An array from `parseNpy` or `parseNpz`.
 * @returns `true` for `unicode` and `bytes` arrays.
 *
 * @example
 * ```ts
 * import { isStringArray, parseNpy, serializeNpy } from '@r1kit/core';
 * const array = parseNpy(serializeNpy({ dtype: 'int32', shape: [1], data: new Int32Array([7]) }));
 * isStringArray(array); // false
 * ```
 *
 * @category Arrays
 */
export function isStringArray(array: NpyArray): array is NdStringArray {
  return array.dtype === 'unicode' || array.dtype === 'bytes';
}

/**
 * Number of elements of a shape (1 for a scalar).
 *
 * @internal
 */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}
