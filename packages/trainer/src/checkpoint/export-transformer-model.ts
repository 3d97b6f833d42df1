import { type CausalLM, saveCausalLM, saveLoraAdapter, type TransformerCausalLM } from '@r1kit/lm';

/**
 * Options of {@link exportTransformerModel}.
 *
 * @category Checkpoints
 */
export interface ExportTransformerModelOptions {
  /**
   * Also write the base weights (`config.json` + `model.safetensors`) when a LoRA adapter is
   * attached. Without an adapter the full model is always written.
   *
   * @defaultValue false (the base does not change under LoRA training)
   */
  includeBaseModel?: boolean;
  /**
   * `base_model_name_or_path` recorded in `adapter_config.json`.
   *
   * @defaultValue none
   */
  baseModelNameOrPath?: string;
}

/**
 * The default model export of checkpoints for an `@r1kit/lm` transformer: the PEFT adapter
 * (`adapter_config.json`, `adapter_model.safetensors`) when LoRA is attached, else the Hugging
 * Face model (`config.json`, `model.safetensors`). Pass the result as `exportModel`.
 *
 * @param model - The transformer being trained.
 * @param options - Whether to include the base weights, and the base model's name.
 * @returns A function that writes the model into a directory.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM } from '@r1kit/lm';
 * import { exportTransformerModel } from '@r1kit/trainer';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * model.addAdapter({ rank: 4, alpha: 8 });
 * // a trainer calls this for each checkpoint: new GrpoTrainer({ ...options, exportModel })
 * const exportModel = exportTransformerModel(model, { baseModelNameOrPath: 'Qwen/Qwen2.5-0.5B' });
 * const directory = mkdtempSync(join(tmpdir(), 'r1kit-'));
 * await exportModel(directory);
 * console.log(readdirSync(directory).sort());
 * // ['adapter_config.json', 'adapter_model.safetensors']
 * ```
 *
 * @category Checkpoints
 */
export function exportTransformerModel(
  model: TransformerCausalLM,
  options: ExportTransformerModelOptions = {},
): (directory: string) => Promise<void> {
  return async (directory) => {
    const hasAdapter = model.hasAdapters;
    if (hasAdapter) {
      await saveLoraAdapter(model, directory, { baseModelNameOrPath: options.baseModelNameOrPath });
    }
    if (!hasAdapter || options.includeBaseModel) await saveCausalLM(model, directory);
  };
}

/** The export a trainer uses when none is given: the model's own `saveModel`, when it has one. */
export function defaultModelExport(
  model: CausalLM,
): ((directory: string) => Promise<void>) | undefined {
  return model.saveModel ? (directory) => model.saveModel!(directory) : undefined;
}
