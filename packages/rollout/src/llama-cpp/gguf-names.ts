import { R1kitError } from '@r1kit/core';
import type { CausalLMConfig } from '@r1kit/lm';

/** llama.cpp's architecture names of the model types it can run from r1kit's weights. */
const ggufArchitectures: Readonly<Record<string, 'llama' | 'qwen2' | 'qwen3'>> = {
  llama: 'llama',
  qwen2: 'qwen2',
  qwen3: 'qwen3',
};

/**
 * llama.cpp's architecture name for a model config, or a clear `UNSUPPORTED` error for what the
 * GGUF export does not write (Gemma 3, rotary scaling, sliding-window layers).
 *
 * @param config - The model's config.
 * @param functionName - The public function, for the message.
 * @returns `'llama'`, `'qwen2'` or `'qwen3'`.
 */
export function ggufArchitecture(
  config: CausalLMConfig,
  functionName: string,
): 'llama' | 'qwen2' | 'qwen3' {
  const architecture = ggufArchitectures[config.modelType];
  const unsupported = (what: string) =>
    new R1kitError({
      code: 'UNSUPPORTED',
      message: `${functionName}: the GGUF export writes llama, qwen2 and qwen3 models of at least 256 tokens without rotary scaling or sliding-window layers; this model has ${what}`,
    });
  if (architecture === undefined) throw unsupported(`modelType '${config.modelType}'`);
  if (config.ropeScaling !== undefined) throw unsupported('ropeScaling');
  if (config.vocabSize < 256) {
    throw unsupported(
      `vocabSize ${config.vocabSize} (llama.cpp's byte-level vocabulary needs at least 256)`,
    );
  }
  if (config.layerTypes?.some((type) => type !== 'full_attention')) {
    throw unsupported('sliding-window layers');
  }
  return architecture;
}

/** The per-layer parameter names of Hugging Face and their llama.cpp names. */
const layerNames: ReadonlyArray<readonly [string, string]> = [
  ['input_layernorm.weight', 'attn_norm.weight'],
  ['post_attention_layernorm.weight', 'ffn_norm.weight'],
  ['self_attn.q_proj.weight', 'attn_q.weight'],
  ['self_attn.k_proj.weight', 'attn_k.weight'],
  ['self_attn.v_proj.weight', 'attn_v.weight'],
  ['self_attn.o_proj.weight', 'attn_output.weight'],
  ['self_attn.q_proj.bias', 'attn_q.bias'],
  ['self_attn.k_proj.bias', 'attn_k.bias'],
  ['self_attn.v_proj.bias', 'attn_v.bias'],
  ['self_attn.q_norm.weight', 'attn_q_norm.weight'],
  ['self_attn.k_norm.weight', 'attn_k_norm.weight'],
  ['mlp.gate_proj.weight', 'ffn_gate.weight'],
  ['mlp.up_proj.weight', 'ffn_up.weight'],
  ['mlp.down_proj.weight', 'ffn_down.weight'],
];

const globalNames: Readonly<Record<string, string>> = {
  'model.embed_tokens.weight': 'token_embd.weight',
  'model.norm.weight': 'output_norm.weight',
  'lm_head.weight': 'output.weight',
};

/**
 * llama.cpp's tensor name of a Hugging Face parameter name (`model.layers.3.mlp.up_proj.weight`
 * -> `blk.3.ffn_up.weight`), or `undefined` for a name it has none for.
 *
 * @param name - A Hugging Face parameter name.
 * @returns The GGUF tensor name.
 */
export function ggufTensorName(name: string): string | undefined {
  const global = globalNames[name];
  if (global !== undefined) return global;
  const match = /^model\.layers\.(\d+)\.(.+)$/.exec(name);
  if (match === null) return undefined;
  const entry = layerNames.find(([huggingFace]) => huggingFace === match[2]);
  return entry === undefined ? undefined : `blk.${match[1]}.${entry[1]}`;
}

/**
 * The row order llama.cpp's `llama` architecture expects of the query and key projections:
 * Hugging Face's rotary layout rotates the two halves of each head, llama.cpp's rotates
 * adjacent pairs, so row `j * half + i` of a head moves to `2 * i + j` (what llama.cpp's own
 * converter does to these weights). `qwen2` and `qwen3` use the halves layout: no change.
 *
 * @param rows - Output rows (`heads * headDim`).
 * @param headDim - Width of a head.
 * @returns `order[newRow] = oldRow`.
 */
export function interleavedRotaryRows(rows: number, headDim: number): Int32Array {
  const half = headDim / 2;
  const order = new Int32Array(rows);
  for (let head = 0; head < rows / headDim; head++) {
    for (let i = 0; i < half; i++) {
      for (let j = 0; j < 2; j++) order[head * headDim + 2 * i + j] = head * headDim + j * half + i;
    }
  }
  return order;
}

/**
 * Reorders the rows of a row-major `[rows, columns]` matrix (or a vector, `columns` 1).
 *
 * @param data - The values.
 * @param order - `order[newRow] = oldRow`.
 * @param columns - Row width.
 * @returns The reordered values.
 */
export function reorderRows(data: Float32Array, order: Int32Array, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let row = 0; row < order.length; row++) {
    out.set(data.subarray(order[row]! * columns, (order[row]! + 1) * columns), row * columns);
  }
  return out;
}
