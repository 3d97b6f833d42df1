import { R1kitError } from '@r1kit/core';
import { leanGradients } from '@r1kit/lm';
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
 * loss does not depend on (and for non-trainable ones). The loss function runs under the gradient
 * tape, so tensors it creates from trainable variables (soft tokens from encoder adapters) receive
 * gradients. The backward pass is {@link leanGradients}: each op's saved tensors and each
 * intermediate gradient are freed as soon as the walk has passed them.
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
  const trainable = variables.filter((variable) => variable.trainable);
  if (trainable.length === 0) {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `computeGradients: none of the ${variables.length} variables is trainable; pass the model's trainableVariables()`,
    });
  }
  const { value, grads } = leanGradients({ f: loss, xs: trainable });
  if (value.rank !== 0) {
    tf.dispose([value, ...grads.filter((grad) => grad !== undefined)]);
    throw new R1kitError({
      code: 'SHAPE_MISMATCH',
      message: `computeGradients: the loss must be a scalar, got shape [${value.shape}]`,
    });
  }
  if (grads.every((grad) => grad === undefined)) {
    value.dispose();
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `computeGradients: the loss does not depend on any of the ${trainable.length} trainable variables; build it from them inside the loss function`,
    });
  }
  const number = (value.dataSync() as Float32Array)[0]!;
  value.dispose();
  const byVariable = new Map(trainable.map((variable, index) => [variable, grads[index]]));
  const gradients = variables.map((variable) => byVariable.get(variable) ?? tf.zerosLike(variable));
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
