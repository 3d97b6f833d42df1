import {
  parseSafetensors,
  R1kitError,
  type SafetensorsTensorInput,
  serializeSafetensors,
} from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AdapterModule } from './module.js';

/**
 * Saves a module's variables as a safetensors file (float32, one tensor per variable name).
 *
 * @param module - Any adapter module.
 * @param metadata - Optional string metadata stored in the header.
 * @returns The file bytes.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { Linear, saveAdapterWeights } from '@r1kit/encoders';
 * writeFileSync('adapter.safetensors', saveAdapterWeights(new Linear({ inputSize: 4, outputSize: 2 })));
 * ```
 *
 * @category Adapters
 */
export function saveAdapterWeights(
  module: AdapterModule,
  metadata?: Record<string, string>,
): Uint8Array {
  const tensors: Record<string, SafetensorsTensorInput> = {};
  for (const [name, variable] of Object.entries(module.namedVariables())) {
    tensors[name] = {
      dtype: 'F32',
      shape: [...variable.shape],
      data: variable.dataSync() as Float32Array,
    };
  }
  return serializeSafetensors(tensors, { metadata });
}

/**
 * Loads weights saved by {@link saveAdapterWeights} into a module of the same configuration.
 * Every variable must be present with the same shape, and the file may hold nothing else.
 *
 * @param module - The module to fill (its variables are assigned in place).
 * @param bytes - A safetensors file.
 * @throws R1kitError `NOT_FOUND` for a missing tensor, `SHAPE_MISMATCH` for a wrong shape,
 *   `INVALID_ARGUMENT` for an unexpected tensor; the module is unchanged on error.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { Linear, loadAdapterWeights } from '@r1kit/encoders';
 * const layer = new Linear({ inputSize: 4, outputSize: 2 });
 * loadAdapterWeights(layer, readFileSync('adapter.safetensors'));
 * ```
 *
 * @category Adapters
 */
export function loadAdapterWeights(module: AdapterModule, bytes: Uint8Array): void {
  const { tensors } = parseSafetensors(bytes);
  const variables = module.namedVariables();
  for (const [name, variable] of Object.entries(variables)) {
    const stored = tensors[name];
    if (stored === undefined) {
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `loadAdapterWeights: the file has no tensor "${name}"; it was saved from a differently configured adapter`,
      });
    }
    if (stored.shape.join(',') !== variable.shape.join(',')) {
      throw new R1kitError({
        code: 'SHAPE_MISMATCH',
        message: `loadAdapterWeights: tensor "${name}" has shape [${stored.shape.join(', ')}]; the adapter expects [${variable.shape.join(', ')}]`,
      });
    }
  }
  const extra = Object.keys(tensors).filter((name) => !(name in variables));
  if (extra.length > 0) {
    throw new R1kitError({
      code: 'INVALID_ARGUMENT',
      message: `loadAdapterWeights: the file has tensors the adapter does not: ${extra.slice(0, 5).join(', ')}`,
    });
  }
  for (const [name, variable] of Object.entries(variables)) {
    const stored = tensors[name]!;
    tf.tidy(() =>
      variable.assign(tf.tensor(Float32Array.from(stored.data), stored.shape, 'float32')),
    );
  }
}
