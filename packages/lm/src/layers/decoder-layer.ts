import * as tf from '@tensorflow/tfjs-core';
import type { LayerType } from '../config/architecture.js';
import type { ProjectionName } from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';
import { geluTanh } from './gelu-tanh.js';
import { type LinearContext, type LinearWeights, linear } from './linear.js';
import { normOffset, rmsNorm } from './rms-norm.js';
import { applyRotary } from './rotary-embedding.js';
import { softCap } from './soft-capping.js';

/** The weights of one decoder layer. */
export interface DecoderLayerWeights {
  /** `input_layernorm.weight`. */
  inputNorm: tf.Variable;
  /**
   * `post_attention_layernorm.weight`: the norm before the MLP (Qwen, LLaMA), or the norm of the
   * attention output (Gemma 3, which has `preFeedForwardNorm`).
   */
  postNorm: tf.Variable;
  /** `pre_feedforward_layernorm.weight` (Gemma 3). */
  preFeedForwardNorm?: tf.Variable;
  /** `post_feedforward_layernorm.weight` (Gemma 3). */
  postFeedForwardNorm?: tf.Variable;
  /** `self_attn.q_norm.weight`, per-head RMSNorm of queries before RoPE (Qwen3, Gemma 3). */
  queryNorm?: tf.Variable;
  /** `self_attn.k_norm.weight`, per-head RMSNorm of keys before RoPE (Qwen3, Gemma 3). */
  keyNorm?: tf.Variable;
  /**
   * Whether the layer attends every earlier position or a sliding window.
   *
   * @defaultValue 'full_attention'
   */
  attentionType?: LayerType;
  /** The seven projections by Hugging Face name. */
  projections: Record<ProjectionName, LinearWeights>;
}

/** What every layer of one forward pass shares. */
export interface LayerStep {
  /** The architecture. */
  config: CausalLMConfig;
  /** Rotary cosines of full-attention layers, `[batch, 1, time, headDim]`. */
  cos: tf.Tensor4D;
  /** Rotary sines of full-attention layers, `[batch, 1, time, headDim]`. */
  sin: tf.Tensor4D;
  /** Additive attention bias, `[batch, 1, time, past + time]`. */
  bias: tf.Tensor4D;
  /** Rotary tables of sliding-window layers when they have their own base (Gemma 3). */
  local?: { cos: tf.Tensor4D; sin: tf.Tensor4D };
  /** `bias` plus the sliding-window mask, when some layer slides. */
  slidingBias?: tf.Tensor4D;
  /** Adapter and dropout switches. */
  context: LinearContext;
}

/** Projects `[batch * time, heads * headDim]` to heads: `[batch, heads, time, headDim]`. */
function toHeads(x: tf.Tensor2D, batch: number, time: number, heads: number): tf.Tensor4D {
  const headDim = x.shape[1] / heads;
  return tf.transpose(tf.reshape(x, [batch, time, heads, headDim]), [0, 2, 1, 3]);
}

/**
 * Grouped-query attention: query head `h` reads key/value head `floor(h / group)`. Queries are
 * regrouped as `[batch, kvHeads, group * time, headDim]` so no key/value copy is made.
 */
function groupedAttention(
  query: tf.Tensor4D,
  key: tf.Tensor4D,
  value: tf.Tensor4D,
  bias: tf.Tensor4D,
  config: CausalLMConfig,
): tf.Tensor4D {
  const [batch, heads, time, headDim] = query.shape;
  const kvHeads = key.shape[1];
  const total = key.shape[2];
  const group = heads / kvHeads;
  const grouped = tf.reshape(query, [batch, kvHeads, group * time, headDim]);
  const scale = 1 / Math.sqrt(config.queryPreAttnScalar ?? headDim);
  // A power-of-two scale (head size 64 or 256) gives the same values applied to the queries,
  // whose rows have headDim entries instead of one per key (256 per row in a 256-token step).
  const onQueries = Number.isInteger(Math.log2(scale));
  const scaled = onQueries ? tf.mul(grouped, scale) : grouped;
  let scores = tf.matMul(scaled, key, false, true);
  if (!onQueries) scores = tf.mul(scores, scale);
  if (config.attnLogitSoftcapping !== undefined) {
    scores = softCap(scores, config.attnLogitSoftcapping);
  }
  const masked = tf.add(tf.reshape(scores, [batch, heads, time, total]), bias);
  const probs = tf.reshape(tf.softmax(masked), [batch, kvHeads, group * time, total]);
  return tf.reshape(tf.matMul(probs, value), [batch, heads, time, headDim]);
}

/** The gated MLP: `down_proj(act(gate_proj(y)) * up_proj(y))`, SiLU or tanh-GELU. */
function gatedMlp(y: tf.Tensor2D, weights: DecoderLayerWeights, step: LayerStep): tf.Tensor2D {
  const p = weights.projections;
  const gate = linear(y, p.gate_proj, step.context);
  const activated =
    step.config.hiddenActivation === 'gelu_pytorch_tanh'
      ? geluTanh(gate)
      : tf.mul(gate, tf.sigmoid(gate));
  return linear(
    tf.mul(activated, linear(y, p.up_proj, step.context)) as tf.Tensor2D,
    p.down_proj,
    step.context,
  );
}

/**
 * One decoder layer. Qwen2/Qwen3/LLaMA (pre-norm): `h = x + o_proj(attention(rmsNorm(x)))`, then
 * `h + mlp(rmsNorm(h))`. Gemma 3 (sandwich norms): `h = x + postNorm(o_proj(attention(inputNorm(x))))`,
 * then `h + postFeedForwardNorm(mlp(preFeedForwardNorm(h)))`. Queries and keys go through their
 * per-head RMSNorm before RoPE when the layer has one; sliding layers use the sliding bias and
 * their own rotary tables.
 *
 * @param hidden - `[batch, time, hidden]` residual stream.
 * @param weights - The layer's weights.
 * @param step - Shared tables and switches.
 * @param past - This layer's cached keys and values, `[batch, kvHeads, past, headDim]`.
 * @returns The new residual stream and this layer's keys and values including the new positions.
 */
export function decoderLayer(
  hidden: tf.Tensor3D,
  weights: DecoderLayerWeights,
  step: LayerStep,
  past?: { key: tf.Tensor; value: tf.Tensor },
): { hidden: tf.Tensor3D; key: tf.Tensor4D; value: tf.Tensor4D } {
  return tf.tidy(() => {
    const [batch, time, width] = hidden.shape;
    const { config, context } = step;
    const offset = normOffset(config);
    const eps = config.rmsNormEps;
    const norm = <T extends tf.Tensor>(x: T, weight: tf.Variable) =>
      rmsNorm(x, weight as tf.Tensor1D, eps, offset);
    const sliding = weights.attentionType === 'sliding_attention';
    const { cos, sin } = sliding && step.local ? step.local : step;
    const bias = sliding && step.slidingBias ? step.slidingBias : step.bias;
    const p = weights.projections;
    const x = tf.reshape(norm(hidden, weights.inputNorm), [batch * time, width]) as tf.Tensor2D;
    let query = toHeads(linear(x, p.q_proj, context), batch, time, config.numAttentionHeads);
    let newKey = toHeads(linear(x, p.k_proj, context), batch, time, config.numKeyValueHeads);
    const newValue = toHeads(linear(x, p.v_proj, context), batch, time, config.numKeyValueHeads);
    if (weights.queryNorm) query = norm(query, weights.queryNorm);
    if (weights.keyNorm) newKey = norm(newKey, weights.keyNorm);
    const rotatedKey = applyRotary(newKey, cos, sin);
    const key = past
      ? (tf.concat([past.key as tf.Tensor4D, rotatedKey], 2) as tf.Tensor4D)
      : rotatedKey;
    const value = past
      ? (tf.concat([past.value as tf.Tensor4D, newValue], 2) as tf.Tensor4D)
      : newValue;
    const attended = groupedAttention(applyRotary(query, cos, sin), key, value, bias, config);
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [
      batch * time,
      -1,
    ]) as tf.Tensor2D;
    const attentionOut = tf.reshape(linear(merged, p.o_proj, context), [batch, time, width]);
    const sandwich = weights.preFeedForwardNorm !== undefined;
    const afterAttention = tf.add(
      hidden,
      sandwich ? norm(attentionOut, weights.postNorm) : attentionOut,
    );
    const y = tf.reshape(
      norm(afterAttention, sandwich ? weights.preFeedForwardNorm! : weights.postNorm),
      [batch * time, width],
    ) as tf.Tensor2D;
    let mlp: tf.Tensor = tf.reshape(gatedMlp(y, weights, step), [batch, time, width]);
    if (weights.postFeedForwardNorm) mlp = norm(mlp, weights.postFeedForwardNorm);
    return { hidden: tf.add(afterAttention, mlp) as tf.Tensor3D, key, value };
  });
}
