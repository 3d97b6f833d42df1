import { invalidArgument } from '@r1kit/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Throws unless `value` is a positive integer.
 *
 * @internal
 */
export function requirePositiveInteger(
  functionName: string,
  argument: string,
  value: unknown,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: 'a positive integer',
    });
  }
  return value;
}

/**
 * Throws `SHAPE_MISMATCH` unless the tensor has the given rank and, where given, last dimension.
 *
 * @internal
 */
export function requireShape(
  functionName: string,
  argument: string,
  tensor: Tensor,
  rank: number,
  lastDimension?: number,
): void {
  const ok =
    tensor !== null &&
    typeof tensor === 'object' &&
    Array.isArray(tensor.shape) &&
    tensor.shape.length === rank &&
    (lastDimension === undefined || tensor.shape[rank - 1] === lastDimension);
  if (!ok) {
    const last = lastDimension === undefined ? '' : ` with last dimension ${lastDimension}`;
    throw invalidArgument({
      functionName,
      argument,
      received: tensor,
      expected: `a rank-${rank} tensor${last}`,
      code: 'SHAPE_MISMATCH',
    });
  }
}
