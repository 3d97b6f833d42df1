import { invalidArgument, RandomGenerator } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { validateCausalLMConfig } from '../config/parse-config.js';
import { normOffset } from '../layers/rms-norm.js';
import type { CausalLMConfig } from '../types.js';
import { parameterSpecs, storedTransposed, transposeMatrix } from './parameter-shapes.js';
import { TransformerCausalLM } from './transformer-causal-lm.js';

/**
 * Options of {@link createCausalLM}.
 *
 * @category Model
 */
export interface CreateCausalLMOptions {
  /** The architecture. */
  config: CausalLMConfig;
  /**
   * Seed of the initial weights: the same seed gives the same weights on every backend.
   *
   * @defaultValue 0
   */
  seed?: number;
  /**
   * Standard deviation of the normal initialisation of embeddings and projections (Hugging Face
   * `initializer_range`); biases start at 0 and RMSNorm gains at 1 (Gemma 3's stored
   * `weight` of `1 + weight` at 0).
   *
   * @defaultValue 0.02
   */
  initializerRange?: number;
}

/**
 * Wraps float32 arrays keyed by Hugging Face name into a model (the model owns new variables).
 * Projection and `lm_head` weights are transposed to the `[in, out]` layout the model computes
 * with (see {@link storedTransposed}).
 *
 * @param config - The architecture.
 * @param arrays - One array per name of `parameterSpecs(config)`, in Hugging Face layout.
 * @param seed - Seed of the LoRA dropout masks.
 * @returns The model.
 */
export function modelFromArrays(
  config: CausalLMConfig,
  arrays: ReadonlyMap<string, Float32Array>,
  seed = 0,
): TransformerCausalLM {
  const weights = new Map<string, tf.Variable>();
  try {
    for (const spec of parameterSpecs(config)) {
      const values = arrays.get(spec.name);
      if (values === undefined) {
        throw invalidArgument({
          functionName: 'loadCausalLM',
          argument: `weights['${spec.name}']`,
          received: undefined,
          expected: `a tensor of shape [${spec.shape.join(', ')}]`,
          code: 'NOT_FOUND',
        });
      }
      const [rows, columns] = spec.shape as [number, number];
      const stored = storedTransposed(spec.name)
        ? { values: transposeMatrix(values, rows, columns), shape: [columns, rows] }
        : { values, shape: spec.shape };
      weights.set(
        spec.name,
        tf.tidy(() => tf.variable(tf.tensor(stored.values, stored.shape, 'float32'))),
      );
    }
  } catch (error) {
    for (const variable of weights.values()) variable.dispose();
    throw error;
  }
  return new TransformerCausalLM(config, weights, seed);
}

/**
 * Creates a randomly initialised Qwen2, Qwen3, LLaMA or Gemma 3 model, deterministic under `seed`.
 *
 * @param options - The architecture, the seed and the initialisation scale.
 * @returns The model; call `dispose()` when done.
 * @throws R1kitError `INVALID_CONFIG` for an inconsistent architecture.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createCausalLM } from '@r1kit/lm';
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
 *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 *   seed: 1,
 * });
 * const { logits } = model.forward({ inputIds: tf.tensor2d([[1, 2, 3]], [1, 3], 'int32') });
 * ```
 *
 * @category Model
 */
export function createCausalLM(options: CreateCausalLMOptions): TransformerCausalLM {
  const { config } = options;
  const seed = options.seed ?? 0;
  const std = options.initializerRange ?? 0.02;
  validateCausalLMConfig(config, 'createCausalLM');
  if (!Number.isSafeInteger(seed)) {
    throw invalidArgument({
      functionName: 'createCausalLM',
      argument: 'options.seed',
      received: seed,
      expected: 'a safe integer',
    });
  }
  if (!(std > 0 && Number.isFinite(std))) {
    throw invalidArgument({
      functionName: 'createCausalLM',
      argument: 'options.initializerRange',
      received: std,
      expected: 'a positive finite number',
    });
  }
  const random = RandomGenerator.fromSeed(seed);
  // RMSNorm gains start at an effective 1: Gemma 3 stores `weight` of `(1 + weight)`.
  const normGain = 1 - normOffset(config);
  const arrays = new Map<string, Float32Array>();
  for (const spec of parameterSpecs(config)) {
    const size = spec.shape.reduce((product, dim) => product * dim, 1);
    if (spec.kind === 'matrix') {
      arrays.set(spec.name, random.fillNormal(new Float32Array(size), { std }));
    } else arrays.set(spec.name, new Float32Array(size).fill(spec.kind === 'norm' ? normGain : 0));
  }
  return modelFromArrays(config, arrays, random.nextInt(2 ** 31 - 1));
}
