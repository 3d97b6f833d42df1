import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Result of {@link computeGradients}.
 *
 * @category Training
 */
export interface ComputeGradientsResult {
  /** The loss value. */
  value: number;
  /** One gradient per variable, in order (owned by the caller). */
  gradients: tf.Tensor[];
}

/**
 * Gradients of a scalar loss with respect to `variables`, in order, with zeros for variables the
 * loss does not depend on. The loss function runs under the gradient tape, so tensors it creates
 * from trainable variables (soft tokens from encoder adapters) receive gradients.
 *
 * @param variables - Variables to differentiate.
 * @param loss - Builds the scalar loss.
 * @returns The loss value and one gradient per variable (owned by the caller).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { computeGradients } from '@r1kit/trainer';
 * const weight = tf.variable(tf.scalar(3));
 * const { value, gradients } = computeGradients([weight], () => tf.square(weight)); // 9, [6]
 * tf.dispose(gradients);
 * ```
 *
 * @category Training
 */
export function computeGradients(
  variables: readonly tf.Variable[],
  loss: () => tf.Scalar,
): ComputeGradientsResult {
  const { value, grads } = tf.variableGrads(loss, [...variables]);
  const number = (value.dataSync() as Float32Array)[0]!;
  value.dispose();
  const gradients = variables.map((variable) => grads[variable.name] ?? tf.zerosLike(variable));
  if (!Number.isFinite(number)) {
    tf.dispose(gradients);
    throw new R1kitError({
      code: 'NUMERIC_ERROR',
      message: `computeGradients: the loss is ${number}; check the inputs (empty masks, NaN features) and lower the learning rate`,
    });
  }
  return { value: number, gradients };
}

/**
 * Adds `more` into `sum` element-wise, disposing both inputs' old tensors; returns the new sums.
 *
 * @param sum - Running sums, or `undefined` for the first micro-batch.
 * @param more - Gradients to add (disposed).
 * @returns The new running sums (owned by the caller).
 */
export function accumulateGradients(sum: tf.Tensor[] | undefined, more: tf.Tensor[]): tf.Tensor[] {
  if (sum === undefined) return more;
  const result = sum.map((tensor, index) => tf.add(tensor, more[index]!));
  tf.dispose([...sum, ...more]);
  return result;
}
