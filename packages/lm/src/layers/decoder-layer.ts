import * as tf from '@tensorflow/tfjs-core';
import type { ProjectionName } from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';
import { type LinearContext, type LinearWeights, linear } from './linear.js';
import { rmsNorm } from './rms-norm.js';
import { applyRotary } from './rotary-embedding.js';

/** The weights of one decoder layer. */
export interface DecoderLayerWeights {
  /** `input_layernorm.weight`. */
  inputNorm: tf.Variable;
  /** `post_attention_layernorm.weight`. */
  postNorm: tf.Variable;
  /** The seven projections by Hugging Face name. */
  projections: Record<ProjectionName, LinearWeights>;
}

/** What every layer of one forward pass shares. */
export interface LayerStep {
  /** The architecture. */
  config: CausalLMConfig;
  /** Rotary cosines, `[batch, 1, time, headDim]`. */
  cos: tf.Tensor4D;
  /** Rotary sines, `[batch, 1, time, headDim]`. */
  sin: tf.Tensor4D;
  /** Additive attention bias, `[batch, 1, time, past + time]`. */
  bias: tf.Tensor4D;
  /** Adapter and dropout switches. */
  context: LinearContext;
}

/** Projects `[batch * time, hidden]` to heads: `[batch, heads, time, headDim]`. */
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
): tf.Tensor4D {
  const [batch, heads, time, headDim] = query.shape;
  const kvHeads = key.shape[1];
  const total = key.shape[2];
  const group = heads / kvHeads;
  const grouped = tf.reshape(query, [batch, kvHeads, group * time, headDim]);
  const scores = tf.mul(tf.matMul(grouped, key, false, true), 1 / Math.sqrt(headDim));
  const masked = tf.add(tf.reshape(scores, [batch, heads, time, total]), bias);
  const probs = tf.reshape(tf.softmax(masked), [batch, kvHeads, group * time, total]);
  return tf.reshape(tf.matMul(probs, value), [batch, heads, time, headDim]);
}

/**
 * One pre-norm decoder layer: `h = x + o_proj(attention(rmsNorm(x)))`, then
 * `h + down_proj(silu(gate_proj(y)) * up_proj(y))` with `y = rmsNorm(h)`.
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
    const p = weights.projections;
    const x = tf.reshape(rmsNorm(hidden, weights.inputNorm as tf.Tensor1D, config.rmsNormEps), [
      batch * time,
      width,
    ]) as tf.Tensor2D;
    const query = toHeads(linear(x, p.q_proj, context), batch, time, config.numAttentionHeads);
    const newKey = toHeads(linear(x, p.k_proj, context), batch, time, config.numKeyValueHeads);
    const newValue = toHeads(linear(x, p.v_proj, context), batch, time, config.numKeyValueHeads);
    const rotatedKey = applyRotary(newKey, step.cos, step.sin);
    const key = past
      ? (tf.concat([past.key as tf.Tensor4D, rotatedKey], 2) as tf.Tensor4D)
      : rotatedKey;
    const value = past
      ? (tf.concat([past.value as tf.Tensor4D, newValue], 2) as tf.Tensor4D)
      : newValue;
    const attended = groupedAttention(
      applyRotary(query, step.cos, step.sin),
      key,
      value,
      step.bias,
    );
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [
      batch * time,
      -1,
    ]) as tf.Tensor2D;
    const afterAttention = tf.add(
      hidden,
      tf.reshape(linear(merged, p.o_proj, context), [batch, time, width]),
    );
    const y = tf.reshape(
      rmsNorm(afterAttention, weights.postNorm as tf.Tensor1D, config.rmsNormEps),
      [batch * time, width],
    ) as tf.Tensor2D;
    const gate = linear(y, p.gate_proj, context);
    const activated = tf.mul(tf.mul(gate, tf.sigmoid(gate)), linear(y, p.up_proj, context));
    const mlp = tf.reshape(linear(activated as tf.Tensor2D, p.down_proj, context), [
      batch,
      time,
      width,
    ]);
    return { hidden: tf.add(afterAttention, mlp) as tf.Tensor3D, key, value };
  });
}
