import { nodeBuiltin, parseSafetensors, R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readBytes, readJson } from '../io/read-file.js';
import { type ProjectionName, projectionShape } from '../model/parameter-shapes.js';
import type { TransformerCausalLM } from '../model/transformer-causal-lm.js';
import { type LoraAdapter, loraWeightName, resolveLoraConfig } from './lora-adapter.js';
import { peftPrefix } from './save-lora-adapter.js';

const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'loadLoraAdapter' });

/** Throws UNSUPPORTED for a PEFT feature this package does not implement. */
function unsupported(detail: string): never {
  throw new R1kitError({ code: 'UNSUPPORTED', message: `loadLoraAdapter: ${detail}` });
}

/** Reads and checks `adapter_config.json`. */
function readConfig(raw: Record<string, unknown>) {
  if (raw.peft_type !== 'LORA')
    unsupported(`peft_type must be "LORA"; received ${JSON.stringify(raw.peft_type)}`);
  if (raw.use_rslora === true) unsupported('use_rslora=true is not supported');
  if ((raw.bias ?? 'none') !== 'none')
    unsupported(`bias must be "none"; received ${JSON.stringify(raw.bias)}`);
  if (raw.fan_in_fan_out === true) unsupported('fan_in_fan_out=true is not supported');
  if (raw.layers_to_transform != null) unsupported('layers_to_transform is not supported');
  for (const key of ['rank_pattern', 'alpha_pattern'] as const) {
    const value = raw[key];
    if (value != null && Object.keys(value as object).length > 0)
      unsupported(`${key} is not supported`);
  }
  if (!Array.isArray(raw.target_modules)) {
    unsupported(
      `target_modules must be a list of projection names; received ${JSON.stringify(raw.target_modules)}`,
    );
  }
  return resolveLoraConfig(
    {
      rank: raw.r as number,
      alpha: raw.lora_alpha as number,
      dropout: (raw.lora_dropout as number | undefined) ?? 0,
      targetModules: raw.target_modules as ProjectionName[],
    },
    'loadLoraAdapter',
  );
}

/**
 * Loads a PEFT LoRA adapter directory (`adapter_config.json`, `adapter_model.safetensors`) and
 * attaches it to the model, freezing the base weights. Tensor shapes are checked against the
 * model's architecture and the adapter's rank.
 *
 * @param model - The base model, without an adapter.
 * @param directory - The adapter directory.
 * @returns The attached adapter.
 * @throws R1kitError `NOT_FOUND` (file or tensor missing), `PARSE_ERROR`, `SHAPE_MISMATCH`,
 *   `UNSUPPORTED` (rsLoRA, bias, patterns, regex targets), `INVALID_STATE` (already adapted).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM, loadLoraAdapter, saveLoraAdapter } from '@r1kit/lm';
 * const options = {
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * } as const;
 * const trained = createCausalLM(options);
 * trained.addAdapter({ rank: 4, alpha: 8 });
 * const directory = mkdtempSync(join(tmpdir(), 'r1kit-'));
 * await saveLoraAdapter(trained, directory);
 * const model = createCausalLM(options);
 * const adapter = await loadLoraAdapter(model, directory);
 * console.log(adapter.config.rank, adapter.config.alpha, model.hasAdapters); // 4 8 true
 * ```
 *
 * @category LoRA
 */
export async function loadLoraAdapter(
  model: TransformerCausalLM,
  directory: string,
): Promise<LoraAdapter> {
  const raw = await readJson(nodePath().join(directory, 'adapter_config.json'), 'loadLoraAdapter');
  const config = readConfig((raw ?? {}) as Record<string, unknown>);
  const file = nodePath().join(directory, 'adapter_model.safetensors');
  const { tensors } = parseSafetensors(await readBytes(file, 'loadLoraAdapter'), {
    source: file,
    float32: true,
    requireFinite: true,
  });
  const weights = new Map<string, tf.Variable>();
  try {
    for (let layer = 0; layer < model.config.numHiddenLayers; layer++) {
      for (const projection of config.targetModules) {
        const [out, inFeatures] = projectionShape(model.config, projection);
        for (const [factor, shape] of [
          ['A', [config.rank, inFeatures]],
          ['B', [out, config.rank]],
        ] as const) {
          const name = loraWeightName(layer, projection, factor);
          const tensor = tensors[`${peftPrefix}${name}`];
          if (tensor === undefined) {
            throw new R1kitError({
              code: 'NOT_FOUND',
              message: `loadLoraAdapter: ${file} lacks '${peftPrefix}${name}'`,
            });
          }
          if (tensor.shape.join(',') !== shape.join(',')) {
            throw new R1kitError({
              code: 'SHAPE_MISMATCH',
              message: `loadLoraAdapter: '${peftPrefix}${name}' has shape [${tensor.shape.join(', ')}]; expected [${shape.join(', ')}]`,
            });
          }
          weights.set(
            name,
            tf.tidy(() => tf.variable(tf.tensor(tensor.data, [...shape]))),
          );
        }
      }
    }
    const adapter = { config, weights };
    model.attachAdapter(adapter);
    return adapter;
  } catch (error) {
    for (const variable of weights.values()) variable.dispose();
    throw error;
  }
}
