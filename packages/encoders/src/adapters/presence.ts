import { invalidArgument } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Validates per-sample presence flags (all present when omitted).
 *
 * @internal
 */
export function presenceFlags(
  functionName: string,
  argument: string,
  value: readonly number[] | undefined,
  batch: number,
): number[] {
  if (value === undefined) return new Array<number>(batch).fill(1);
  if (
    !Array.isArray(value) ||
    value.length !== batch ||
    value.some((flag) => flag !== 0 && flag !== 1)
  ) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: `an array of ${batch} flags, each 0 or 1`,
      code: 'SHAPE_MISMATCH',
    });
  }
  return [...value];
}

/**
 * Replaces the features of absent samples by the learned absent vector, broadcast over time.
 *
 * @internal
 */
export function withAbsent(
  features: tf.Tensor3D,
  present: number[],
  absent: tf.Variable,
): tf.Tensor3D {
  if (present.every((flag) => flag === 1)) return features;
  const mask = tf.tensor3d(present, [present.length, 1, 1]);
  return tf.add(tf.mul(features, mask), tf.mul(tf.sub(1, mask), absent)) as tf.Tensor3D;
}
