import { invalidArgument, R1kitError, RandomGenerator, requireInteger } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DecoderLayerWeights } from '../layers/decoder-layer.js';
import {
  type ProjectionName,
  projectionNames,
  projectionPath,
  projectionShape,
} from '../model/parameter-shapes.js';
import type { CausalLMConfig } from '../types.js';

/**
 * Options of a LoRA adapter (names as in PEFT's `LoraConfig`, camelCase).
 *
 * @category LoRA
 */
export interface LoraOptions {
  /**
   * Rank `r` of the low-rank update.
   *
   * @defaultValue 8
   */
  rank?: number;
  /**
   * Scaling numerator `lora_alpha`: the update is multiplied by `alpha / rank`.
   *
   * @defaultValue 8
   */
  alpha?: number;
  /**
   * Dropout rate on the adapter's input while training (`lora_dropout`).
   *
   * @defaultValue 0
   */
  dropout?: number;
  /**
   * Projections that get an adapter (`target_modules`).
   *
   * @defaultValue `['q_proj', 'v_proj']` (PEFT's default for Qwen2 and LLaMA)
   */
  targetModules?: ProjectionName[];
  /**
   * Seed of the `lora_A` initialisation (Kaiming-uniform, bound `1 / sqrt(inFeatures)`).
   *
   * @defaultValue 0
   */
  seed?: number;
}

/**
 * A resolved LoRA configuration.
 *
 * @category LoRA
 */
export interface LoraConfig {
  /** Rank `r`. */
  rank: number;
  /** `lora_alpha`. */
  alpha: number;
  /** `lora_dropout`. */
  dropout: number;
  /** `target_modules`. */
  targetModules: ProjectionName[];
}

/**
 * A LoRA adapter: its configuration and its factors keyed by the PEFT name without the
 * `base_model.model.` prefix, e.g. `model.layers.0.self_attn.q_proj.lora_A.weight`.
 *
 * @category LoRA
 */
export interface LoraAdapter {
  /** The configuration. */
  config: LoraConfig;
  /** `lora_A` (`[rank, in]`) and `lora_B` (`[out, rank]`) variables by name. */
  weights: Map<string, tf.Variable>;
}

/** Fails with an INVALID_ARGUMENT error naming a LoRA option. */
function fail(functionName: string, argument: string, received: unknown, expected: string): never {
  throw invalidArgument({
    functionName,
    argument: `options.${argument}`,
    received,
    expected,
  });
}

/**
 * Fills in the defaults of {@link LoraOptions} and validates them.
 *
 * @param options - The options.
 * @param functionName - The public function to name in errors.
 * @returns The resolved configuration.
 */
export function resolveLoraConfig(options: LoraOptions, functionName = 'addAdapter'): LoraConfig {
  const rank = options.rank ?? 8;
  const alpha = options.alpha ?? 8;
  const dropout = options.dropout ?? 0;
  const targetModules = options.targetModules ?? ['q_proj', 'v_proj'];
  if (!Number.isInteger(rank) || rank <= 0) fail(functionName, 'rank', rank, 'a positive integer');
  if (!Number.isFinite(alpha) || alpha <= 0)
    fail(functionName, 'alpha', alpha, 'a positive number');
  if (!(dropout >= 0 && dropout < 1)) fail(functionName, 'dropout', dropout, 'a number in [0, 1)');
  if (
    !Array.isArray(targetModules) ||
    targetModules.length === 0 ||
    targetModules.some((name) => !projectionNames.includes(name))
  ) {
    fail(
      functionName,
      'targetModules',
      targetModules,
      `a non-empty list of ${projectionNames.join(', ')}`,
    );
  }
  return { rank, alpha, dropout, targetModules: [...new Set(targetModules)] };
}

/** The name of a LoRA factor in an adapter's weight map. */
export function loraWeightName(
  layer: number,
  projection: ProjectionName,
  factor: 'A' | 'B',
): string {
  return `${projectionPath(layer, projection)}.lora_${factor}.weight`;
}

/**
 * Creates a fresh adapter: `lora_A` Kaiming-uniform (as PEFT), `lora_B` zeros, so the adapted
 * model starts equal to the base model.
 *
 * @param config - The architecture.
 * @param options - The LoRA options.
 * @returns The adapter with trainable variables.
 */
export function createLoraAdapter(config: CausalLMConfig, options: LoraOptions): LoraAdapter {
  const lora = resolveLoraConfig(options);
  const seed = requireInteger({
    functionName: 'addAdapter',
    argument: 'options.seed',
    value: options.seed ?? 0,
    expected: 'a safe integer',
  });
  const random = RandomGenerator.fromSeed(seed);
  const weights = new Map<string, tf.Variable>();
  for (let layer = 0; layer < config.numHiddenLayers; layer++) {
    for (const projection of lora.targetModules) {
      const [out, inFeatures] = projectionShape(config, projection);
      const bound = 1 / Math.sqrt(inFeatures);
      const a = random.fillUniform(new Float32Array(lora.rank * inFeatures), {
        low: -bound,
        high: bound,
      });
      const aName = loraWeightName(layer, projection, 'A');
      weights.set(
        aName,
        tf.tidy(() => tf.variable(tf.tensor2d(a, [lora.rank, inFeatures]))),
      );
      const bName = loraWeightName(layer, projection, 'B');
      weights.set(
        bName,
        tf.tidy(() => tf.variable(tf.zeros([out, lora.rank]))),
      );
    }
  }
  return { config: lora, weights };
}

/**
 * Points the targeted projections of every layer at the adapter's factors.
 *
 * @param layers - The model's decoder layers (mutated).
 * @param adapter - The adapter to attach.
 * @throws R1kitError `NOT_FOUND` when the adapter lacks a factor.
 */
export function attachFactors(layers: DecoderLayerWeights[], adapter: LoraAdapter): void {
  const { rank, alpha, dropout, targetModules } = adapter.config;
  layers.forEach((layer, index) => {
    for (const name of targetModules) {
      const a = adapter.weights.get(loraWeightName(index, name, 'A'));
      const b = adapter.weights.get(loraWeightName(index, name, 'B'));
      if (a === undefined || b === undefined) {
        throw new R1kitError({
          code: 'NOT_FOUND',
          message: `attachAdapter: the adapter lacks ${loraWeightName(index, name, 'A')} or lora_B`,
        });
      }
      layer.projections[name].lora = { a, b, scale: alpha / rank, dropout };
    }
  });
}
