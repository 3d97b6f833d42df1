import { headDimension } from '../config/parse-config.js';
import type { CausalLMConfig } from '../types.js';

/**
 * The projections of one decoder layer that carry a weight matrix, by their Hugging Face name.
 *
 * @category Model
 */
export type ProjectionName =
  | 'q_proj'
  | 'k_proj'
  | 'v_proj'
  | 'o_proj'
  | 'gate_proj'
  | 'up_proj'
  | 'down_proj';

/** Every projection, in the order of a decoder layer. */
export const projectionNames: readonly ProjectionName[] = [
  'q_proj',
  'k_proj',
  'v_proj',
  'o_proj',
  'gate_proj',
  'up_proj',
  'down_proj',
];

/** The Hugging Face module path of a projection inside layer `layer`. */
export function projectionPath(layer: number, projection: ProjectionName): string {
  const block =
    projection.endsWith('_proj') && 'qkvo'.includes(projection[0]!) ? 'self_attn' : 'mlp';
  return `model.layers.${layer}.${block}.${projection}`;
}

/** `[outFeatures, inFeatures]` of a projection (Hugging Face `nn.Linear` layout). */
export function projectionShape(
  config: CausalLMConfig,
  projection: ProjectionName,
): [number, number] {
  const head = headDimension(config);
  const { hiddenSize, intermediateSize } = config;
  switch (projection) {
    case 'q_proj':
      return [config.numAttentionHeads * head, hiddenSize];
    case 'k_proj':
    case 'v_proj':
      return [config.numKeyValueHeads * head, hiddenSize];
    case 'o_proj':
      return [hiddenSize, config.numAttentionHeads * head];
    case 'gate_proj':
    case 'up_proj':
      return [intermediateSize, hiddenSize];
    case 'down_proj':
      return [hiddenSize, intermediateSize];
  }
}

/**
 * Whether a projection has a bias: q/k/v with `attentionBias`, and `o_proj` too outside Qwen2
 * (LLaMA, Qwen3 and Gemma 3 put `attention_bias` on all four attention projections).
 */
function hasBias(config: CausalLMConfig, projection: ProjectionName): boolean {
  if (!config.attentionBias) return false;
  if (projection === 'o_proj') return config.modelType !== 'qwen2';
  return projection === 'q_proj' || projection === 'k_proj' || projection === 'v_proj';
}

/** Whether the family normalises each query and key head before RoPE (Qwen3, Gemma 3). */
export function hasQueryKeyNorms(config: CausalLMConfig): boolean {
  return config.modelType === 'qwen3' || config.modelType === 'gemma3_text';
}

/**
 * The residual-stream norms of one layer, in order: `input_layernorm`,
 * `post_attention_layernorm` and, for Gemma 3, `pre_feedforward_layernorm` and
 * `post_feedforward_layernorm`.
 */
export function layerNormNames(config: CausalLMConfig): string[] {
  const names = ['input_layernorm', 'post_attention_layernorm'];
  if (config.modelType === 'gemma3_text') {
    names.push('pre_feedforward_layernorm', 'post_feedforward_layernorm');
  }
  return names;
}

/** What kind of initial value a parameter gets. */
export type ParameterKind = 'matrix' | 'bias' | 'norm';

/**
 * One parameter of the model: its Hugging Face name, shape and kind.
 *
 * @category Model
 */
export interface ParameterSpec {
  /** Hugging Face name, e.g. `model.layers.0.self_attn.q_proj.weight`. */
  name: string;
  /** Shape in Hugging Face layout. */
  shape: number[];
  /** `matrix` (embeddings, projections), `bias` or `norm` (RMSNorm gain). */
  kind: ParameterKind;
}

/**
 * Lists every parameter of the architecture with its Hugging Face name and shape, in the order
 * the model creates them.
 *
 * @param config - The architecture.
 * @returns The parameter specifications.
 *
 * @example
 * ```ts
 * import { parameterSpecs, parseCausalLMConfig } from '@r1kit/lm';
 * // The sizes of Qwen2.5-0.5B.
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 151936, hidden_size: 896,
 *   intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14,
 *   num_key_value_heads: 2, tie_word_embeddings: true });
 * const specs = parameterSpecs(config); // 290 specs
 * specs[0]; // { name: 'model.embed_tokens.weight', shape: [151936, 896], kind: 'matrix' }
 * specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1), 0); // 494032768


 * ```
 *
 * @category Model
 */
export function parameterSpecs(config: CausalLMConfig): ParameterSpec[] {
  const head = headDimension(config);
  const specs: ParameterSpec[] = [
    {
      name: 'model.embed_tokens.weight',
      shape: [config.vocabSize, config.hiddenSize],
      kind: 'matrix',
    },
  ];
  for (let layer = 0; layer < config.numHiddenLayers; layer++) {
    const prefix = `model.layers.${layer}`;
    specs.push({
      name: `${prefix}.input_layernorm.weight`,
      shape: [config.hiddenSize],
      kind: 'norm',
    });
    for (const projection of projectionNames) {
      const shape = projectionShape(config, projection);
      const path = projectionPath(layer, projection);
      specs.push({ name: `${path}.weight`, shape, kind: 'matrix' });
      if (hasBias(config, projection)) {
        specs.push({ name: `${path}.bias`, shape: [shape[0]], kind: 'bias' });
      }
    }
    if (hasQueryKeyNorms(config)) {
      for (const norm of ['q_norm', 'k_norm']) {
        specs.push({ name: `${prefix}.self_attn.${norm}.weight`, shape: [head], kind: 'norm' });
      }
    }
    for (const norm of layerNormNames(config).slice(1)) {
      specs.push({ name: `${prefix}.${norm}.weight`, shape: [config.hiddenSize], kind: 'norm' });
    }
  }
  specs.push({ name: 'model.norm.weight', shape: [config.hiddenSize], kind: 'norm' });
  if (!config.tieWordEmbeddings) {
    specs.push({
      name: 'lm_head.weight',
      shape: [config.vocabSize, config.hiddenSize],
      kind: 'matrix',
    });
  }
  return specs;
}

/**
 * Whether the model keeps this parameter transposed relative to Hugging Face, as
 * `[inFeatures, outFeatures]`: true for every projection weight and for an untied `lm_head`.
 * `x W` with `W` in that layout is several times faster than `x W^T` on the wasm and cpu
 * backends (40x for a one-row decode step on wasm), so loading and saving transpose instead.
 *
 * @param name - A Hugging Face parameter name.
 * @returns `true` when {@link TransformerCausalLM.namedWeights} holds it as `[in, out]`.
 *
 * @category Model
 */
export function storedTransposed(name: string): boolean {
  return name.endsWith('_proj.weight') || name === 'lm_head.weight';
}

/**
 * Transposes a row-major `[rows, columns]` matrix.
 *
 * @param data - The values.
 * @param rows - Number of rows of `data`.
 * @param columns - Number of columns of `data`.
 * @returns The `[columns, rows]` values.
 *
 * @example
 * ```ts
 * import { transposeMatrix } from '@r1kit/lm';
 * console.log([...transposeMatrix(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3)]); // [1, 4, 2, 5, 3, 6]
 * ```
 *
 * @category Model
 */
export function transposeMatrix(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c]!;
  }
  return out;
}
