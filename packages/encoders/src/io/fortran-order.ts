import type { NdData } from './nd-array.js';

/**
 * Reorders column-major (Fortran) data to row-major (C) order.
 *
 * @param data - Elements in Fortran order.
 * @param shape - The array's dimensions.
 * @returns A new array with the same elements in C order.
 * @internal
 */
export function fortranToC(data: NdData, shape: readonly number[]): NdData {
  if (shape.length < 2) return data;
  const out = new (data.constructor as new (length: number) => NdData)(data.length);
  const rank = shape.length;
  const fortranStrides = new Array<number>(rank);
  let stride = 1;
  for (let axis = 0; axis < rank; axis++) {
    fortranStrides[axis] = stride;
    stride *= shape[axis]!;
  }
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis]! * fortranStrides[axis]!;
    out[flat] = data[source]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      if (index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}
