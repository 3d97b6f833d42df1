/**
 * The `model_type` values `@r1kit/lm` implements: Qwen2/Qwen2.5 (`qwen2`), LLaMA and Llama 3.x
 * (`llama`), Qwen3 (`qwen3`) and Gemma 3 text (`gemma3_text`).
 *
 * @category Config
 */
export type ModelType = 'qwen2' | 'llama' | 'qwen3' | 'gemma3_text';

/**
 * Every {@link ModelType}, in the order they were added.
 *
 * @category Config
 */
export const supportedModelTypes: readonly ModelType[] = ['qwen2', 'llama', 'qwen3', 'gemma3_text'];

/**
 * The Hugging Face `architectures` entry of each {@link ModelType}.
 *
 * @category Config
 */
export const architectureNames: Readonly<Record<ModelType, string>> = {
  qwen2: 'Qwen2ForCausalLM',
  llama: 'LlamaForCausalLM',
  qwen3: 'Qwen3ForCausalLM',
  gemma3_text: 'Gemma3ForCausalLM',
};

/**
 * The attention span of one decoder layer (`layer_types` in `config.json`): every earlier
 * position, or the last `slidingWindow` positions.
 *
 * @category Config
 */
export type LayerType = 'full_attention' | 'sliding_attention';

/**
 * Rotary-embedding scaling (`rope_scaling` in `config.json`), as Hugging Face's
 * `modeling_rope_utils` computes it:
 * - `linear`: frequencies divided by `factor`;
 * - `dynamic`: NTK-aware base `theta * (factor * L / maxPositionEmbeddings - (factor - 1))^(d / (d - 2))`
 *   where `L` is the longest sequence of the forward call, when `L > maxPositionEmbeddings`;
 * - `llama3`: Llama 3.1's smooth blend between `inv_freq / factor` (long wavelengths) and
 *   `inv_freq` (short ones);
 * - `yarn`: YaRN's ramp between interpolated and extrapolated frequencies, with the attention
 *   factor multiplying cosines and sines.
 *
 * @category Config
 */
export type RopeScaling =
  | { ropeType: 'linear'; factor: number }
  | { ropeType: 'dynamic'; factor: number }
  | {
      ropeType: 'llama3';
      factor: number;
      lowFreqFactor: number;
      highFreqFactor: number;
      originalMaxPositionEmbeddings: number;
    }
  | {
      ropeType: 'yarn';
      factor: number;
      originalMaxPositionEmbeddings: number;
      betaFast: number;
      betaSlow: number;
      attentionFactor: number;
      truncate: boolean;
    };

/**
 * The architecture fields beyond the Qwen2/LLaMA core, each optional with the value that keeps
 * the plain architecture: what Qwen3, Llama 3.x, Gemma 3 and sliding-window Qwen2 add.
 * The structural differences (Qwen3's and Gemma 3's q/k norms, Gemma 3's `(1 + weight)` norms,
 * extra feed-forward norms and scaled embeddings) follow from {@link ModelType}.
 *
 * @category Config
 */
export interface ArchitectureFeatures {
  /**
   * Width of one attention head (`head_dim`), independent of `hiddenSize / numAttentionHeads`
   * in Qwen3 and Gemma 3.
   *
   * @defaultValue `hiddenSize / numAttentionHeads`
   */
  headDim?: number;
  /**
   * Rotary scaling of the full-attention layers (`rope_scaling`).
   *
   * @defaultValue none (plain rotary embeddings)
   */
  ropeScaling?: RopeScaling;
  /**
   * Rotary base of the sliding-window layers (Gemma 3 `rope_local_base_freq`); those layers use
   * no rotary scaling.
   *
   * @defaultValue `ropeTheta`, with `ropeScaling` (Qwen2/Qwen3: one rotary table for all layers)
   */
  ropeLocalTheta?: number;
  /**
   * Number of positions a sliding-window layer attends: key `j` is visible to query `i` when
   * `i - slidingWindow < j <= i` (Hugging Face `sliding_window`).
   *
   * @defaultValue none (every layer attends every earlier position)
   */
  slidingWindow?: number;
  /**
   * The attention span of each layer (`layer_types`, or what `use_sliding_window` /
   * `max_window_layers` / `sliding_window_pattern` imply).
   *
   * @defaultValue every layer `full_attention`
   */
  layerTypes?: LayerType[];
  /**
   * MLP activation of the gated MLP: `silu` (SwiGLU) or `gelu_pytorch_tanh` (GeGLU, Gemma).
   *
   * @defaultValue 'silu'
   */
  hiddenActivation?: 'silu' | 'gelu_pytorch_tanh';
  /**
   * Attention scores are scaled by `queryPreAttnScalar^-0.5` (Gemma `query_pre_attn_scalar`).
   *
   * @defaultValue `headDim`
   */
  queryPreAttnScalar?: number;
  /**
   * Attention scores become `cap * tanh(scores / cap)` before the mask (`attn_logit_softcapping`).
   *
   * @defaultValue none
   */
  attnLogitSoftcapping?: number;
  /**
   * Logits become `cap * tanh(logits / cap)` (`final_logit_softcapping`).
   *
   * @defaultValue none
   */
  finalLogitSoftcapping?: number;
}
