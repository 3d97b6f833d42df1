import { invalidArgument, nodeBuiltin, R1kitError, serializeSafetensors } from '@r1kit/core';
import { causalLMConfigToJson } from '../config/parse-config.js';
import { storedTransposed, transposeMatrix } from '../model/parameter-shapes.js';
import type { TransformerCausalLM } from '../model/transformer-causal-lm.js';

const nodeFsPromises = () => nodeBuiltin({ module: 'fs/promises', functionName: 'saveCausalLM' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'saveCausalLM' });

/** A float32 tensor to write. */
interface Float32Entry {
  /** The shape. */
  shape: number[];
  /** Row-major values. */
  data: Float32Array;
}

/** The `__metadata__` Hugging Face `transformers` and PEFT expect of PyTorch weights. */
const metadata = { format: 'pt' };

/**
 * Options of {@link saveCausalLM}.
 *
 * @category Model
 */
export interface SaveCausalLMOptions {
  /**
   * Largest shard in bytes; bigger models are split into `model-0000i-of-0000n.safetensors` with
   * a `model.safetensors.index.json`, as Hugging Face does.
   *
   * @defaultValue 5 GB (5 * 1024^3)
   */
  maxShardSize?: number;
}

/** Writes a file, turning failures into IO_ERROR. */
async function write(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await nodeFsPromises().writeFile(path, data);
  } catch (error) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `saveCausalLM: cannot write ${path}`,
      cause: error,
    });
  }
}

/** Splits tensors into shards of at most `limit` bytes (a tensor larger than the limit is alone). */
function shard(tensors: Map<string, Float32Entry>, limit: number): Map<string, Float32Entry>[] {
  const shards: Map<string, Float32Entry>[] = [new Map()];
  let size = 0;
  for (const [name, entry] of tensors) {
    if (size > 0 && size + entry.data.byteLength > limit) {
      shards.push(new Map());
      size = 0;
    }
    shards[shards.length - 1]!.set(name, entry);
    size += entry.data.byteLength;
  }
  return shards;
}

/**
 * Writes a model as a Hugging Face directory: `config.json` and float32 `model.safetensors` (or
 * shards and `model.safetensors.index.json` past `maxShardSize`), with Hugging Face parameter
 * names, so {@link loadCausalLM} and `transformers` can read it. LoRA adapters are not merged:
 * save them with {@link saveLoraAdapter}.
 *
 * @param model - The model.
 * @param directory - Created if needed.
 * @param options - Shard size.
 * @throws R1kitError `IO_ERROR` when a file cannot be written.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM, saveCausalLM } from '@r1kit/lm';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const directory = mkdtempSync(join(tmpdir(), 'r1kit-'));
 * await saveCausalLM(model, directory);
 * console.log(readdirSync(directory).sort()); // ['config.json', 'model.safetensors']
 * ```
 *
 * @category Model
 */
export async function saveCausalLM(
  model: TransformerCausalLM,
  directory: string,
  options: SaveCausalLMOptions = {},
): Promise<void> {
  const limit = options.maxShardSize ?? 5 * 1024 ** 3;
  if (!(limit > 0)) {
    throw invalidArgument({
      functionName: 'saveCausalLM',
      argument: 'options.maxShardSize',
      received: limit,
      expected: 'a positive number of bytes',
    });
  }
  const tensors = new Map<string, Float32Entry>();
  for (const [name, variable] of model.namedWeights()) {
    const data = (await variable.data()) as Float32Array;
    const [rows, columns] = variable.shape as [number, number];
    tensors.set(
      name,
      storedTransposed(name)
        ? { shape: [columns, rows], data: transposeMatrix(data, rows, columns) }
        : { shape: variable.shape, data },
    );
  }
  await nodeFsPromises()
    .mkdir(directory, { recursive: true })
    .catch((error: unknown) => {
      throw new R1kitError({
        code: 'IO_ERROR',
        message: `saveCausalLM: cannot create ${directory}`,
        cause: error,
      });
    });
  await write(
    nodePath().join(directory, 'config.json'),
    `${JSON.stringify(causalLMConfigToJson(model.config), null, 2)}\n`,
  );
  const shards = shard(tensors, limit);
  if (shards.length === 1) {
    await write(
      nodePath().join(directory, 'model.safetensors'),
      serializeSafetensors(tensors, { metadata }),
    );
    return;
  }
  const weightMap: Record<string, string> = {};
  let totalSize = 0;
  for (const [index, part] of shards.entries()) {
    const file = `model-${String(index + 1).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.safetensors`;
    for (const [name, entry] of part) {
      weightMap[name] = file;
      totalSize += entry.data.byteLength;
    }
    await write(nodePath().join(directory, file), serializeSafetensors(part, { metadata }));
  }
  const index = { metadata: { total_size: totalSize }, weight_map: weightMap };
  await write(
    nodePath().join(directory, 'model.safetensors.index.json'),
    `${JSON.stringify(index, null, 2)}\n`,
  );
}
