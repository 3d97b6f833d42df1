import {
  nodeBuiltin,
  R1kitError,
  type SafetensorsTensorInput,
  serializeSafetensors,
} from '@r1kit/core';
import type { TransformerCausalLM } from '../model/transformer-causal-lm.js';

const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'saveLoraAdapter' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'saveLoraAdapter' });

/** PEFT's prefix of adapter tensor names inside `adapter_model.safetensors`. */
export const peftPrefix = 'base_model.model.';

/**
 * Options of {@link saveLoraAdapter}.
 *
 * @category LoRA
 */
export interface SaveLoraAdapterOptions {
  /**
   * Written as `base_model_name_or_path` in `adapter_config.json`.
   *
   * @defaultValue null
   */
  baseModelNameOrPath?: string;
}

/**
 * Saves the model's LoRA adapter in PEFT format: `adapter_config.json` (`peft_type: "LORA"`,
 * `r`, `lora_alpha`, `lora_dropout`, `target_modules`) and `adapter_model.safetensors` with
 * tensors named `base_model.model.<module>.lora_A.weight` / `lora_B.weight`, so
 * `PeftModel.from_pretrained` can load it.
 *
 * @param model - A model with an attached adapter.
 * @param directory - Created if needed.
 * @param options - The base model name to record.
 * @throws R1kitError `INVALID_STATE` when the model has no adapter, `IO_ERROR` when writing fails.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM, saveLoraAdapter } from '@r1kit/lm';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * model.addAdapter({ rank: 8, alpha: 16 });
 * const directory = mkdtempSync(join(tmpdir(), 'r1kit-'));
 * await saveLoraAdapter(model, directory, { baseModelNameOrPath: 'Qwen/Qwen2.5-0.5B' });
 * console.log(readdirSync(directory).sort());
 * // ['adapter_config.json', 'adapter_model.safetensors']
 * ```
 *
 * @category LoRA
 */
export async function saveLoraAdapter(
  model: TransformerCausalLM,
  directory: string,
  options: SaveLoraAdapterOptions = {},
): Promise<void> {
  const adapter = model.loraAdapter;
  if (adapter === undefined) {
    throw new R1kitError({
      code: 'INVALID_STATE',
      message: 'saveLoraAdapter: the model has no LoRA adapter; call model.addAdapter() first',
    });
  }
  const tensors = new Map<string, SafetensorsTensorInput>();
  for (const [name, variable] of adapter.weights) {
    tensors.set(`${peftPrefix}${name}`, {
      shape: variable.shape,
      data: (await variable.data()) as Float32Array,
    });
  }
  const { rank, alpha, dropout, targetModules } = adapter.config;
  const config = {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: options.baseModelNameOrPath ?? null,
    r: rank,
    lora_alpha: alpha,
    lora_dropout: dropout,
    target_modules: targetModules,
    bias: 'none',
    fan_in_fan_out: false,
    use_rslora: false,
    inference_mode: true,
    modules_to_save: null,
  };
  try {
    await nodeFsPromises().mkdir(directory, { recursive: true });
    await nodeFsPromises().writeFile(
      nodePath().join(directory, 'adapter_config.json'),
      `${JSON.stringify(config, null, 2)}\n`,
    );
    await nodeFsPromises().writeFile(
      nodePath().join(directory, 'adapter_model.safetensors'),
      serializeSafetensors(tensors, { metadata: { format: 'pt' } }),
    );
  } catch (error) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `saveLoraAdapter: cannot write to ${directory}`,
      cause: error,
    });
  }
}
