import { R1kitError } from '@r1kit/core';
import { storedTransposed, type TransformerCausalLM, transposeMatrix } from '@r1kit/lm';
import type * as tf from '@tensorflow/tfjs-core';
import {
  ggufArchitecture,
  ggufTensorName,
  interleavedRotaryRows,
  reorderRows,
} from './gguf-names.js';
import { type GgufTensor, type GgufValue, writeGguf } from './gguf-writer.js';
import { placeholderVocabulary } from './placeholder-vocabulary.js';

/**
 * Options of {@link writeCausalLMGguf}.
 *
 * @category llama.cpp
 */
export interface WriteCausalLMGgufOptions {
  /** The model whose base weights are written (a LoRA adapter is not merged). */
  model: TransformerCausalLM;
  /** The `.gguf` file to write. */
  path: string;
  /**
   * Type of the matrices (embedding, projections, head); norms and biases stay float32.
   * `'f16'` halves the file and the memory llama.cpp reads per token (faster decoding), at
   * half-precision rounding of the weights: the sampler then differs slightly from the policy,
   * which the trainer's off-policy correction (`samplingLogProbs`) accounts for.
   *
   * @defaultValue 'f32'
   */
  weightType?: 'f32' | 'f16';
}

const u32 = (value: number): GgufValue => ({ type: 'uint32', value });
const f32 = (value: number): GgufValue => ({ type: 'float32', value });

/** The rows of the query or key projection, for llama's interleaved rotary layout. */
function rotaryRows(model: TransformerCausalLM, name: string): Int32Array | undefined {
  const config = model.config;
  if (config.modelType !== 'llama') return undefined;
  const headDim = config.headDim ?? config.hiddenSize / config.numAttentionHeads;
  if (/self_attn\.q_proj\./.test(name)) {
    return interleavedRotaryRows(config.numAttentionHeads * headDim, headDim);
  }
  if (/self_attn\.k_proj\./.test(name)) {
    return interleavedRotaryRows(config.numKeyValueHeads * headDim, headDim);
  }
  return undefined;
}

/**
 * Reads a parameter in Hugging Face's layout (`[out, in]` projections), in llama.cpp's row
 * order.
 */
function readParameter(model: TransformerCausalLM, name: string, variable: tf.Variable) {
  return async () => {
    let data = (await variable.data()) as Float32Array;
    let shape = variable.shape;
    if (storedTransposed(name)) {
      const [inFeatures, outFeatures] = shape as [number, number];
      data = transposeMatrix(data, inFeatures, outFeatures);
      shape = [outFeatures, inFeatures];
    }
    const rows = rotaryRows(model, name);
    if (rows !== undefined) data = reorderRows(data, rows, shape.length === 2 ? shape[1]! : 1);
    return data;
  };
}

/** The architecture metadata llama.cpp reads (`general.*`, `<arch>.*`, `tokenizer.ggml.*`). */
function modelMetadata(
  model: TransformerCausalLM,
  architecture: string,
  weightType: 'f32' | 'f16',
): Map<string, GgufValue> {
  const config = model.config;
  const headDim = config.headDim ?? config.hiddenSize / config.numAttentionHeads;
  const eos = Array.isArray(config.eosTokenId) ? config.eosTokenId[0] : config.eosTokenId;
  const metadata = new Map<string, GgufValue>([
    ['general.architecture', { type: 'string', value: architecture }],
    ['general.name', { type: 'string', value: 'r1kit policy' }],
    ['general.file_type', u32(weightType === 'f16' ? 1 : 0)],
    [`${architecture}.context_length`, u32(config.maxPositionEmbeddings)],
    [`${architecture}.embedding_length`, u32(config.hiddenSize)],
    [`${architecture}.block_count`, u32(config.numHiddenLayers)],
    [`${architecture}.feed_forward_length`, u32(config.intermediateSize)],
    [`${architecture}.attention.head_count`, u32(config.numAttentionHeads)],
    [`${architecture}.attention.head_count_kv`, u32(config.numKeyValueHeads)],
    [`${architecture}.attention.key_length`, u32(headDim)],
    [`${architecture}.attention.value_length`, u32(headDim)],
    [`${architecture}.rope.dimension_count`, u32(headDim)],
    [`${architecture}.rope.freq_base`, f32(config.ropeTheta)],
    [`${architecture}.attention.layer_norm_rms_epsilon`, f32(config.rmsNormEps)],
    [`${architecture}.vocab_size`, u32(config.vocabSize)],
    ...placeholderVocabulary(config.vocabSize, eos),
  ]);
  if (config.bosTokenId !== undefined)
    metadata.set('tokenizer.ggml.bos_token_id', u32(config.bosTokenId));
  if (eos !== undefined) metadata.set('tokenizer.ggml.eos_token_id', u32(eos));
  metadata.set('tokenizer.ggml.add_bos_token', { type: 'bool', value: false });
  return metadata;
}

/**
 * Writes a model's base weights as a float32 GGUF file that llama.cpp (and so `node-llama-cpp`)
 * loads: Hugging Face parameters under llama.cpp's names, projections in `[out, in]` order, the
 * `llama` architecture's query and key rows in its interleaved rotary order, and a placeholder
 * vocabulary of the model's size (the 256 byte tokens, then `<r1kit_N>`): rollouts pass token
 * ids, so llama.cpp never tokenizes text. A Qwen2 model without attention biases gets zero
 * biases (llama.cpp's `qwen2` requires them). A tied head is not written (llama.cpp reads the
 * embedding). Architectures: `llama`, `qwen2`, `qwen3`, without rotary scaling or sliding-window
 * layers.
 *
 * @param options - The model and the file.
 * @throws R1kitError `UNSUPPORTED` for another architecture, `IO_ERROR` when the file cannot be
 *   written.
 *
 * @example
 * ```ts
 * import { mkdtempSync, statSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM } from '@r1kit/lm';
 * import { writeCausalLMGguf } from '@r1kit/rollout';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 320, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const path = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'policy.gguf');
 * await writeCausalLMGguf({ model, path });
 * console.log(statSync(path).size > 4 * model.numParameters()); // true
 * model.dispose();
 * ```
 *
 * @category llama.cpp
 */
export async function writeCausalLMGguf(options: WriteCausalLMGgufOptions): Promise<void> {
  const { model } = options;
  const architecture = ggufArchitecture(model.config, 'writeCausalLMGguf');
  const tensors: GgufTensor[] = [];
  for (const [name, variable] of model.namedWeights()) {
    const ggufName = ggufTensorName(name);
    if (ggufName === undefined) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `writeCausalLMGguf: parameter '${name}' has no llama.cpp name`,
      });
    }
    const shape = storedTransposed(name) ? [...variable.shape].reverse() : variable.shape;
    const type = shape.length === 2 ? (options.weightType ?? 'f32') : 'f32';
    tensors.push({ name: ggufName, shape, type, read: readParameter(model, name, variable) });
  }
  if (architecture === 'qwen2' && !model.config.attentionBias) {
    const headDim =
      model.config.headDim ?? model.config.hiddenSize / model.config.numAttentionHeads;
    const widths = {
      q: model.config.numAttentionHeads * headDim,
      k: model.config.numKeyValueHeads * headDim,
      v: model.config.numKeyValueHeads * headDim,
    };
    for (let layer = 0; layer < model.config.numHiddenLayers; layer++) {
      for (const [projection, width] of Object.entries(widths)) {
        tensors.push({
          name: `blk.${layer}.attn_${projection}.bias`,
          shape: [width],
          read: async () => new Float32Array(width),
        });
      }
    }
  }
  await writeGguf({
    path: options.path,
    metadata: modelMetadata(model, architecture, options.weightType ?? 'f32'),
    tensors,
  });
}

/**
 * Options of {@link writeLoraAdapterGguf}.
 *
 * @category llama.cpp
 */
export interface WriteLoraAdapterGgufOptions {
  /** The model whose LoRA adapter is written. */
  model: TransformerCausalLM;
  /** The `.gguf` file to write. */
  path: string;
}

/**
 * Writes a model's LoRA adapter as a GGUF LoRA file that llama.cpp applies on top of the file of
 * {@link writeCausalLMGguf} (`lora_a` `[rank, in]`, `lora_b` `[out, rank]` and `adapter.lora.alpha`,
 * so llama.cpp scales by `alpha / rank` as PEFT does; for `llama`, the query and key rows of
 * `lora_b` in the interleaved rotary order).
 *
 * @param options - The model and the file.
 * @throws R1kitError `INVALID_STATE` when the model has no adapter, `UNSUPPORTED` for an
 *   architecture the GGUF export does not write, `IO_ERROR` when the file cannot be written.
 *
 * @example
 * ```ts
 * import { mkdtempSync, statSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM } from '@r1kit/lm';
 * import { writeLoraAdapterGguf } from '@r1kit/rollout';
 * const model = createCausalLM({
 *   config: { modelType: 'llama', vocabSize: 320, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: false },
 *   seed: 1,
 * });
 * model.addAdapter({ rank: 4, alpha: 8, targetModules: ['q_proj', 'v_proj'] });
 * const path = join(mkdtempSync(join(tmpdir(), 'r1kit-')), 'adapter.gguf');
 * await writeLoraAdapterGguf({ model, path });
 * console.log(statSync(path).size > 0); // true
 * model.dispose();
 * ```
 *
 * @category llama.cpp
 */
export async function writeLoraAdapterGguf(options: WriteLoraAdapterGgufOptions): Promise<void> {
  const { model } = options;
  const adapter = model.loraAdapter;
  if (adapter === undefined) {
    throw new R1kitError({
      code: 'INVALID_STATE',
      message: 'writeLoraAdapterGguf: the model has no LoRA adapter; call model.addAdapter() first',
    });
  }
  const architecture = ggufArchitecture(model.config, 'writeLoraAdapterGguf');
  const tensors: GgufTensor[] = [];
  for (const [name, variable] of adapter.weights) {
    const match = /^(.*)\.lora_([AB])\.weight$/.exec(name);
    const base = match === null ? undefined : ggufTensorName(`${match[1]}.weight`);
    if (match === null || base === undefined) {
      throw new R1kitError({
        code: 'UNSUPPORTED',
        message: `writeLoraAdapterGguf: adapter weight '${name}' has no llama.cpp name`,
      });
    }
    const factor = match[2] === 'A' ? 'lora_a' : 'lora_b';
    const rows = factor === 'lora_b' ? rotaryRows(model, name) : undefined;
    tensors.push({
      name: `${base}.${factor}`,
      shape: variable.shape,
      read: async () => {
        const data = (await variable.data()) as Float32Array;
        return rows === undefined ? data : reorderRows(data, rows, variable.shape[1]!);
      },
    });
  }
  const metadata = new Map<string, GgufValue>([
    ['general.architecture', { type: 'string', value: architecture }],
    ['general.type', { type: 'string', value: 'adapter' }],
    ['adapter.type', { type: 'string', value: 'lora' }],
    ['adapter.lora.alpha', f32(adapter.config.alpha)],
  ]);
  await writeGguf({ path: options.path, metadata, tensors });
}
