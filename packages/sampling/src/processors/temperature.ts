import { requireNumber } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsProcessor } from './logits-processor.js';

/**
 * Options of {@link temperatureProcessor}.
 *
 * @category Processors
 */
export interface TemperatureOptions {
  /** Divisor of the logits: below 1 sharpens, above 1 flattens. Must be finite and positive. */
  temperature: number;
}

/**
 * Divides the logits by a temperature: `logits / temperature`.
 *
 * @param options - The temperature.
 * @returns A processor.
 *
 * @example
 * ```ts
 * import { temperatureProcessor } from '@r1kit/sampling';
 * const sharpen = temperatureProcessor({ temperature: 0.5 });
 * ```
 *
 * @category Processors
 */
export function temperatureProcessor(options: TemperatureOptions): LogitsProcessor {
  const temperature = requireNumber({
    functionName: 'temperatureProcessor',
    argument: 'options.temperature',
    value: options?.temperature,
    min: 0,
    exclusiveMin: true,
  });
  return {
    name: 'temperature',
    process: (logits) => (temperature === 1 ? logits : tf.div(logits, temperature)),
  };
}
