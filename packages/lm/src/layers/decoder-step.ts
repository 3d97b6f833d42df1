import * as tf from '@tensorflow/tfjs-core';
import { headDimension } from '../config/parse-config.js';
import type { CausalLMConfig } from '../types.js';
import type { LayerStep } from './decoder-layer.js';
import type { LinearContext } from './linear.js';
import { ropeFrequencies } from './rope-scaling.js';
import { rotaryTables } from './rotary-embedding.js';

/** Added to the scores of keys outside the window: as the attention mask's masked score. */
const outsideWindow = -1e9;

/**
 * The additive bias that hides keys more than `window - 1` columns before their query:
 * key column `j` is visible to query `i` (column `past + i`) when `j > past + i - window`, as in
 * Hugging Face's `sliding_window_overlay`.
 */
function windowBias(time: number, total: number, window: number): tf.Tensor4D {
  const past = total - time;
  const values = new Float32Array(time * total);
  for (let i = 0; i < time; i++) {
    const first = Math.max(past + i - window + 1, 0);
    values.fill(outsideWindow, i * total, i * total + first);
  }
  return tf.tensor4d(values, [1, 1, time, total]);
}

/** Longest row of the mask (`max(position) + 1`), which `dynamic` rope scaling depends on. */
function longestRow(mask: tf.Tensor2D): number {
  const lengths = tf.tidy(() => tf.sum(tf.cast(mask, 'float32'), 1).dataSync());
  return Math.max(1, ...Array.from(lengths));
}

/**
 * What every layer of one forward pass shares: the rotary tables of full-attention layers (with
 * `ropeScaling`) and, when they differ, of sliding layers (Gemma 3's `rope_local_base_freq`),
 * the attention bias and, when some layer slides, the sliding-window bias.
 *
 * @param config - The architecture.
 * @param mask - `[batch, past + time]` attention mask.
 * @param positions - `[batch, time]` positions of the new tokens.
 * @param bias - `[batch, 1, time, past + time]` causal and padding bias.
 * @param context - Adapter and dropout switches.
 * @returns The step (its tensors belong to the enclosing `tf.tidy`).
 */
export function decoderStep(
  config: CausalLMConfig,
  mask: tf.Tensor2D,
  positions: tf.Tensor2D,
  bias: tf.Tensor4D,
  context: LinearContext,
): LayerStep {
  const headDim = headDimension(config);
  const shared = { headDim, maxPositionEmbeddings: config.maxPositionEmbeddings };
  const scaling = config.ropeScaling;
  const global = ropeFrequencies({
    ...shared,
    theta: config.ropeTheta,
    ...(scaling ? { scaling } : {}),
    ...(scaling?.ropeType === 'dynamic' ? { sequenceLength: longestRow(mask) } : {}),
  });
  const { cos, sin } = rotaryTables(positions, global.inverse, global.attentionFactor);
  const step: LayerStep = { config, cos, sin, bias, context };
  if (config.ropeLocalTheta !== undefined) {
    const local = ropeFrequencies({ ...shared, theta: config.ropeLocalTheta });
    step.local = rotaryTables(positions, local.inverse, local.attentionFactor);
  }
  if (config.slidingWindow !== undefined && config.layerTypes?.includes('sliding_attention')) {
    const [, , time, total] = bias.shape;
    step.slidingBias = tf.add(bias, windowBias(time, total, config.slidingWindow)) as tf.Tensor4D;
  }
  return step;
}
