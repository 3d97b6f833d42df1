import type { Tensor } from '@tensorflow/tfjs-core';
import { invalidArgument } from '../errors/r1kit-error.js';
import type { ValidationOptions } from './validation-options.js';

/**
 * Options of {@link requireTensor}.
 *
 * @category Validation
 */
export interface RequireTensorOptions extends ValidationOptions {
  /**
   * The shape required; `null` accepts any size on that axis. Omitted: any shape.
   *
   * @defaultValue any shape
   */
  shape?: readonly (number | null)[];
  /**
   * The rank required when `shape` is not given. Omitted: any rank.
   *
   * @defaultValue any rank
   */
  rank?: number;
  /**
   * What the required shape is, for the message, e.g. `the shape of logProbs`.
   *
   * @defaultValue none
   */
  shapeName?: string;
}

/**
 * Returns `options.value` when it is a live (not disposed) TensorFlow.js tensor of the required
 * shape or rank. The check is structural, so tensors from another copy of tfjs pass. A
 * non-tensor throws `INVALID_ARGUMENT`, a disposed one `INVALID_STATE`, a wrong shape
 * `SHAPE_MISMATCH`.
 *
 * @param options - The value, where it came from and the shape it needs.
 * @returns The value, typed as a tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { requireTensor } from '@r1kit/core';
 * const logits = tf.zeros([2, 3, 5]);
 * requireTensor({ functionName: 'tokenLogProbs', argument: 'logits', value: logits, shape: [2, null, 5] });
 * logits.dispose();
 * ```
 *
 * @category Validation
 */
export function requireTensor<T extends Tensor = Tensor>(options: RequireTensorOptions): T {
  const { value, functionName, argument } = options;
  const record = value as { shape?: unknown; dtype?: unknown; isDisposed?: unknown } | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    !Array.isArray(record.shape) ||
    typeof record.dtype !== 'string'
  ) {
    throw invalidArgument({ functionName, argument, received: value, expected: 'a tf.Tensor' });
  }
  if (record.isDisposed === true) {
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: 'a tensor that has not been disposed',
      code: 'INVALID_STATE',
    });
  }
  const shape = record.shape as number[];
  const wanted = options.shape;
  const fits =
    wanted === undefined
      ? options.rank === undefined || shape.length === options.rank
      : shape.length === wanted.length &&
        wanted.every((size, i) => size === null || size === shape[i]);
  if (!fits) {
    const described =
      wanted === undefined
        ? `a tensor of rank ${options.rank}`
        : `a tensor of shape [${wanted.map((size) => size ?? '*').join(', ')}]`;
    const named = options.shapeName === undefined ? '' : ` (${options.shapeName})`;
    throw invalidArgument({
      functionName,
      argument,
      received: value,
      expected: options.expected ?? `${described}${named}`,
      code: options.code ?? 'SHAPE_MISMATCH',
    });
  }
  return value as T;
}
