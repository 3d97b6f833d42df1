import { requireInteger, requireNumber, requireTensor } from '@r1kit/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Checks a per-token `values` tensor and its `mask` of the same shape (internal).
 *
 * @param functionName - The public function, named in errors.
 * @param values - The per-token values.
 * @param mask - The completion mask.
 * @param rank - The rank `values` must have, when one is required.
 */
export function requireValuesAndMask(
  functionName: string,
  values: tf.Tensor,
  mask: tf.Tensor,
  rank?: number,
): void {
  requireTensor({ functionName, argument: 'values', value: values, rank });
  requireTensor({ functionName, argument: 'mask', value: mask });
  requireTensor({
    functionName,
    argument: 'mask',
    value: mask,
    shape: values.shape,
    shapeName: 'the shape of values',
  });
}

/**
 * Reads `options.temperature` (default 1), which must be a finite number > 0 (internal).
 *
 * @param functionName - The public function, named in errors.
 * @param temperature - The option's value.
 * @returns The temperature.
 */
export function requireTemperature(functionName: string, temperature: number | undefined): number {
  return requireNumber({
    functionName,
    argument: 'options.temperature',
    value: temperature ?? 1,
    min: Number.MIN_VALUE,
    expected: 'a finite number > 0',
  });
}

/**
 * Reads `options.numGenerations`: an integer >= `min` that divides the number of samples
 * (internal).
 *
 * @param functionName - The public function, named in errors.
 * @param numGenerations - The option's value.
 * @param samples - The number of samples.
 * @param min - The smallest group size allowed.
 * @returns The group size.
 */
export function requireGroupSize(
  functionName: string,
  numGenerations: unknown,
  samples: number,
  min: number,
): number {
  return requireInteger({
    functionName,
    argument: 'options.numGenerations',
    value: numGenerations,
    min,
    divisorOf: samples,
    expected: `an integer >= ${min} that divides the number of samples (${samples})`,
  });
}
