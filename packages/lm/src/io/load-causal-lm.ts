import { nodeBuiltin, parseSafetensors, R1kitError } from '@r1kit/core';
import { parseCausalLMConfig } from '../config/parse-config.js';
import { modelFromArrays } from '../model/create-causal-lm.js';
import { parameterSpecs } from '../model/parameter-shapes.js';
import type { TransformerCausalLM } from '../model/transformer-causal-lm.js';
import { fileExists, readBytes, readJson } from './read-file.js';

const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'loadCausalLM' });

/**
 * Options of {@link loadCausalLM}.
 *
 * @category Model
 */
export interface LoadCausalLMOptions {
  /**
   * Seed of the LoRA dropout masks of the loaded model.
   *
   * @defaultValue 0
   */
  seed?: number;
  /**
   * Called after each safetensors file is read, for progress output on large models.
   *
   * @defaultValue none
   */
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * Progress of {@link loadCausalLM}.
 *
 * @category Model
 */
export interface LoadProgress {
  /** The safetensors file just read. */
  file: string;
  /** Number of files read so far (1-based). */
  filesRead: number;
  /** Number of files to read. */
  fileCount: number;
}

/** The safetensors files of a model directory: one file, or the shards of an index. */
async function weightFiles(directory: string): Promise<string[]> {
  const single = nodePath().join(directory, 'model.safetensors');
  if (await fileExists(single)) return [single];
  const indexPath = nodePath().join(directory, 'model.safetensors.index.json');
  if (!(await fileExists(indexPath))) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `loadCausalLM: ${directory} has neither model.safetensors nor model.safetensors.index.json`,
    });
  }
  const index = (await readJson(indexPath, 'loadCausalLM')) as { weight_map?: unknown };
  const map = index?.weight_map;
  if (
    typeof map !== 'object' ||
    map === null ||
    !Object.values(map).every((f) => typeof f === 'string')
  ) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadCausalLM: ${indexPath} must have a weight_map object of tensor name -> shard file`,
    });
  }
  return [...new Set(Object.values(map as Record<string, string>))].map((file) => {
    const path = nodePath().resolve(directory, file);
    const inside = nodePath().relative(nodePath().resolve(directory), path);
    if (
      nodePath().isAbsolute(file) ||
      inside === '' ||
      inside.startsWith('..') ||
      nodePath().isAbsolute(inside)
    ) {
      throw new R1kitError({
        code: 'INVALID_CONFIG',
        message: `loadCausalLM: ${indexPath} maps tensors to ${JSON.stringify(file)}, which is outside ${directory}; weight_map may name only shard files inside the model folder`,
      });
    }
    return path;
  });
}

/**
 * Loads a Hugging Face Qwen2/LLaMA model directory: `config.json` and `model.safetensors` (or
 * the shards listed in `model.safetensors.index.json`), F32/F16/BF16 tensors converted to
 * float32, Hugging Face parameter names. Every expected tensor must be present with the shape the
 * config implies; unknown extra tensors (e.g. an unused `lm_head.weight` of a tied model) are
 * ignored.
 *
 * @param directory - The model directory.
 * @param options - The dropout seed.
 * @returns The model; call `dispose()` when done.
 * @throws R1kitError `NOT_FOUND` (missing file or tensor), `PARSE_ERROR` (bad JSON or
 *   safetensors header), `SHAPE_MISMATCH` (tensor shape differs from the config), `UNSUPPORTED`
 *   (architecture or dtype), `NUMERIC_ERROR` (a NaN or infinite weight, named),
 *   `INVALID_CONFIG` (an index `weight_map` naming a file outside the directory).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createCausalLM, loadCausalLM, saveCausalLM } from '@r1kit/lm';
 * const directory = mkdtempSync(join(tmpdir(), 'r1kit-'));
 * const original = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * await saveCausalLM(original, directory);
 * const model = await loadCausalLM(directory);
 * const inputIds = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
 * const before = original.forward({ inputIds }).logits;
 * const after = model.forward({ inputIds }).logits;
 * const largestDifference = tf.max(tf.abs(tf.sub(after, before))).dataSync()[0];
 * console.log(model.config.hiddenSize, largestDifference); // 32 0
 * ```
 *
 * @category Model
 */
export async function loadCausalLM(
  directory: string,
  options: LoadCausalLMOptions = {},
): Promise<TransformerCausalLM> {
  const config = parseCausalLMConfig(
    await readJson(nodePath().join(directory, 'config.json'), 'loadCausalLM'),
  );
  const wanted = new Map(parameterSpecs(config).map((spec) => [spec.name, spec.shape]));
  const arrays = new Map<string, Float32Array>();
  const files = await weightFiles(directory);
  for (const [index, file] of files.entries()) {
    const { tensors } = parseSafetensors(await readBytes(file, 'loadCausalLM'), {
      source: file,
      float32: true,
      requireFinite: true,
    });
    for (const [name, tensor] of Object.entries(tensors)) {
      const shape = wanted.get(name);
      if (shape === undefined) continue;
      if (shape.length !== tensor.shape.length || shape.some((d, i) => d !== tensor.shape[i])) {
        throw new R1kitError({
          code: 'SHAPE_MISMATCH',
          message: `loadCausalLM: tensor '${name}' in ${file} has shape [${tensor.shape.join(', ')}]; config.json implies [${shape.join(', ')}]`,
        });
      }
      arrays.set(name, tensor.data);
    }
    options.onProgress?.({ file, filesRead: index + 1, fileCount: files.length });
  }
  const missing = [...wanted.keys()].filter((name) => !arrays.has(name));
  if (missing.length > 0) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `loadCausalLM: ${directory} lacks ${missing.length} tensor(s) the config requires, e.g. '${missing[0]}'`,
    });
  }
  return modelFromArrays(config, arrays, options.seed ?? 0);
}
