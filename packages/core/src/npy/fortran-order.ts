/**
 * Reorders column-major (Fortran) elements to row-major (C) order.
 *
 * @param data - Elements in Fortran order.
 * @param shape - The array's dimensions.
 * @param create - Allocates the output of the same kind.
 * @returns A new array with the same elements in C order.
 * @internal
 */
export function fortranToC<T extends { length: number; [index: number]: unknown }>(
  data: T,
  shape: readonly number[],
  create: (length: number) => T,
): T {
  if (shape.length < 2) return data;
  const out = create(data.length);
  const rank = shape.length;
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let axis = 0; axis < rank; axis++) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis]! * strides[axis]!;
    out[flat] = data[source];
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      if (index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}
