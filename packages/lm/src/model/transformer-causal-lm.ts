import { R1kitError, RandomGenerator } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { saveCausalLM } from '../io/save-causal-lm.js';
import type { DecoderLayerWeights } from '../layers/decoder-layer.js';
import { decoderLayerWeights } from '../layers/decoder-layer-weights.js';
import { denseMatMul } from '../layers/dense-matmul.js';
import type { LinearContext } from '../layers/linear.js';
import { softCap } from '../layers/soft-capping.js';
import {
  attachFactors,
  createLoraAdapter,
  type LoraAdapter,
  type LoraOptions,
} from '../lora/lora-adapter.js';
import { saveLoraAdapter } from '../lora/save-lora-adapter.js';
import {
  defaultWeightPacking,
  estimateMemory,
  type MemoryEstimate,
  type MemoryWork,
} from '../memory/estimate-memory.js';
import { releasePackedWeights, type WeightPacking } from '../ops/weight-packing.js';
import type {
  CausalLM,
  CausalLMConfig,
  ForwardInputs,
  ForwardOutputs,
  HiddenOutputs,
  OutputHead,
} from '../types.js';
import { projectionNames } from './parameter-shapes.js';
import { runDecoder } from './run-decoder.js';

/**
 * A Qwen2/LLaMA decoder in TensorFlow.js whose weights are `tf.Variable`s keyed by their Hugging
 * Face names. Create one with {@link createCausalLM} or {@link loadCausalLM}.
 *
 * @category Model
 */
export class TransformerCausalLM implements CausalLM {
  /** The architecture. */
  readonly config: CausalLMConfig;
  /** Base weights by Hugging Face name. */
  private readonly weights: ReadonlyMap<string, tf.Variable>;
  /** The decoder layers' weights, referencing {@link TransformerCausalLM.weights}. */
  private readonly layers: DecoderLayerWeights[];
  /** The attached LoRA adapter, if any. */
  private adapter: LoraAdapter | undefined;
  /** Whether the adapter contributes to forward passes. */
  private adapterActive = true;
  /** Seeds the LoRA dropout masks. */
  private readonly dropoutRandom: RandomGenerator;
  /** Set by {@link TransformerCausalLM.dispose}. */
  private disposed = false;
  /** Whether a `'cached'` forward pass on wasm may have left XNNPACK packed copies of weights. */
  private packedWeightsHeld = false;
  /**
   * How passes without the KV cache (training and scoring) multiply frozen weights on wasm (see
   * {@link WeightPacking}); `'auto'`: {@link defaultWeightPacking}. Generation always keeps the
   * packed copies (`'cached'`); the first `'transient'` pass after it frees them.
   *
   * @defaultValue 'auto'
   */
  weightPacking: WeightPacking | 'auto' = 'auto';

  /**
   * Wraps named weights; prefer {@link createCausalLM} or {@link loadCausalLM}.
   *
   * @param config - The architecture.
   * @param weights - One variable per name of `parameterSpecs(config)`, projection and `lm_head`
   *   weights transposed to `[in, out]` (see {@link storedTransposed}); the model owns them.
   * @param seed - Seed of the LoRA dropout masks.
   */
  constructor(config: CausalLMConfig, weights: ReadonlyMap<string, tf.Variable>, seed = 0) {
    this.config = config;
    this.weights = weights;
    this.dropoutRandom = RandomGenerator.fromSeed(Math.trunc(seed));
    this.layers = [];
    for (let layer = 0; layer < config.numHiddenLayers; layer++) {
      this.layers.push(
        decoderLayerWeights(
          config,
          layer,
          (name) => this.weight(name),
          (name) => weights.get(name),
        ),
      );
    }
  }

  /** A base weight by name; throws NOT_FOUND when the map lacks it. */
  private weight(name: string): tf.Variable {
    const variable = this.weights.get(name);
    if (variable === undefined) {
      throw new R1kitError({
        code: 'NOT_FOUND',
        message: `TransformerCausalLM: weight '${name}' is missing`,
      });
    }
    return variable;
  }

  /** Throws INVALID_STATE once the model is disposed. */
  private assertLive(method: string): void {
    if (this.disposed) {
      throw new R1kitError({
        code: 'INVALID_STATE',
        message: `${method}: the model has been disposed`,
      });
    }
  }

  /** Throws INVALID_STATE when an adapter is already attached. */
  private assertNoAdapter(method: string): void {
    if (this.adapter !== undefined) {
      throw new R1kitError({
        code: 'INVALID_STATE',
        message: `${method}: the model already has a LoRA adapter; call removeAdapter() first`,
      });
    }
  }

  /**
   * Runs the decoder up to the final RMSNorm, without the output head: what
   * {@link sequenceLogProbs} uses to compute logits a few positions at a time.
   *
   * @param inputs - Ids, mask, embeddings, soft tokens and cache, as for `forward`.
   * @returns `[batch, time, hiddenSize]` final hidden states and the cache when `useCache`.
   */
  forwardHidden(inputs: ForwardInputs): HiddenOutputs {
    this.assertLive('forward');
    const context: LinearContext = {
      adaptersEnabled: this.adapter !== undefined && this.adapterActive,
      training: inputs.training ?? false,
      nextSeed: () => this.dropoutRandom.nextInt(2 ** 31 - 1),
      weightPacking: this.weightPackingFor(inputs),
    };
    const weights = {
      config: this.config,
      embedding: this.weight('model.embed_tokens.weight'),
      layers: this.layers,
      finalNorm: this.weight('model.norm.weight'),
    };
    return runDecoder(weights, inputs, context);
  }

  /**
   * The packing of this forward pass ({@link defaultWeightPacking}); before the first
   * `'transient'` pass after `'cached'` ones on wasm, frees the packed copies those left (decode
   * steps pack every projection weight), so a training step does not hold them.
   */
  private weightPackingFor(inputs: ForwardInputs): WeightPacking {
    if (tf.getBackend() !== 'wasm') return 'cached';
    const adapter = this.adapter?.config;
    const packing: WeightPacking = inputs.useCache
      ? 'cached'
      : this.weightPacking !== 'auto'
        ? this.weightPacking
        : defaultWeightPacking({
            config: this.config,
            ...(adapter
              ? { lora: { rank: adapter.rank, targetModules: adapter.targetModules } }
              : {}),
          });
    if (packing === 'cached') this.packedWeightsHeld = true;
    else if (this.packedWeightsHeld) {
      // Projections only: an untied head stays cached (logitsFromHidden), as estimateMemory counts.
      const frozen = [...this.weights.entries()].filter(
        ([name, variable]) => !variable.trainable && name.endsWith('_proj.weight'),
      );
      releasePackedWeights(frozen.map(([, variable]) => variable));
      this.packedWeightsHeld = false;
    }
    return packing;
  }

  /**
   * Applies the output head (tied embedding or `lm_head`) to final hidden states.
   *
   * @param hiddenStates - `[batch, time, hiddenSize]` from {@link TransformerCausalLM.forwardHidden}.
   * @returns `[batch, time, vocabSize]` logits.
   */
  logitsFromHidden(hiddenStates: tf.Tensor3D): tf.Tensor3D {
    this.assertLive('logitsFromHidden');
    const head = this.weight(
      this.config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight',
    );
    return tf.tidy(() => {
      const [batch, time, width] = hiddenStates.shape;
      const flat = tf.reshape(hiddenStates, [batch * time, width]) as tf.Tensor2D;
      // A tied head is the [vocab, hidden] embedding; an untied lm_head is stored [hidden, vocab].
      const logits = denseMatMul(flat, head as tf.Tensor2D, this.config.tieWordEmbeddings);
      const cap = this.config.finalLogitSoftcapping;
      const capped = cap === undefined ? logits : softCap(logits, cap);
      return tf.reshape(capped, [batch, time, this.config.vocabSize]) as tf.Tensor3D;
    });
  }

  /**
   * The output head: the `[vocab, hidden]` token embedding when tied, else `lm_head.weight`
   * stored `[hidden, vocab]`. Frozen (`trainable = false`) while a LoRA adapter is attached.
   *
   * @returns The head weight and its layout.
   */
  outputHead(): OutputHead {
    this.assertLive('outputHead');
    const tied = this.config.tieWordEmbeddings;
    const weight = this.weight(tied ? 'model.embed_tokens.weight' : 'lm_head.weight');
    return { weight: weight as tf.Tensor2D, vocabMajor: tied };
  }

  /**
   * Runs the decoder and the output head.
   *
   * @param inputs - Ids, optional mask, embeddings, soft tokens and cache.
   * @returns `[batch, time, vocabSize]` logits, and the updated cache when `useCache`.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { createCausalLM } from '@r1kit/lm';
   * const model = createCausalLM({
   *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
   *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
   *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
   *   seed: 1,
   * });
   * const inputIds = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
   * const { logits, pastKeyValues } = model.forward({ inputIds, useCache: true });
   * logits.shape; // [1, 3, 64]
   * pastKeyValues?.length; // 3
   * const next = model.forward({ inputIds: tf.tensor2d([[4]], [1, 1], 'int32'), pastKeyValues });
   * next.logits.shape; // [1, 1, 64]: only the new position runs
   * ```
   */
  forward(inputs: ForwardInputs): ForwardOutputs {
    const { hiddenStates, pastKeyValues } = this.forwardHidden(inputs);
    const logits = this.logitsFromHidden(hiddenStates);
    hiddenStates.dispose();
    return pastKeyValues === undefined ? { logits } : { logits, pastKeyValues };
  }

  /**
   * Creates a fresh LoRA adapter (`lora_B` zero, so outputs are unchanged until trained), attaches
   * it and freezes the base weights.
   *
   * @param options - Rank, alpha, dropout, target projections and seed.
   * @returns The new adapter (owned by the model).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { createCausalLM } from '@r1kit/lm';
   * const model = createCausalLM({
   *   config: { modelType: 'qwen2', vocabSize: 64, hiddenSize: 32, intermediateSize: 64,
   *     numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 128,
   *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
   *   seed: 1,
   * });
   * model.addAdapter({ rank: 8, alpha: 16, targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj'] });
   * const inputIds = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
   * const reference = model.withAdaptersDisabled(() => model.forward({ inputIds }).logits);
   * // equals model.forward({ inputIds }).logits until the adapter trains (lora_B starts at zero)
   * ```

   */
  addAdapter(options: LoraOptions = {}): LoraAdapter {
    this.assertLive('addAdapter');
    this.assertNoAdapter('addAdapter');
    const adapter = createLoraAdapter(this.config, options);
    this.attachAdapter(adapter);
    return adapter;
  }

  /**
   * Attaches a LoRA adapter to the projections it targets and freezes the base weights
   * (`trainable = false`), so {@link TransformerCausalLM.trainableVariables} and
   * `tf.variableGrads` only see the adapter.
   *
   * @param adapter - The adapter; the model owns its variables from now on.
   * @throws R1kitError `INVALID_STATE` when an adapter is already attached.
   */
  attachAdapter(adapter: LoraAdapter): void {
    this.assertLive('attachAdapter');
    this.assertNoAdapter('attachAdapter');
    attachFactors(this.layers, adapter);
    for (const variable of this.weights.values()) variable.trainable = false;
    this.adapter = adapter;
    this.adapterActive = true;
  }

  /**
   * Detaches the LoRA adapter (without freeing it) and makes the base weights trainable again.
   *
   * @returns The adapter that was attached, if any; the caller owns it.
   */
  removeAdapter(): LoraAdapter | undefined {
    const adapter = this.adapter;
    for (const layer of this.layers) {
      for (const name of projectionNames) delete layer.projections[name].lora;
    }
    for (const variable of this.weights.values()) variable.trainable = true;
    this.adapter = undefined;
    return adapter;
  }

  /** The attached LoRA adapter, if any. */
  get loraAdapter(): LoraAdapter | undefined {
    return this.adapter;
  }

  /**
   * Estimates the peak tensor memory of `work` with this architecture and the attached adapter
   * (see {@link CausalLM.estimateMemory}).
   *
   * @param work - Batch, lengths, mode, chunk size, checkpointing.
   * @returns Bytes by part and the total.
   */
  estimateMemory(work: MemoryWork): MemoryEstimate {
    const adapter = this.adapter?.config;
    return estimateMemory({
      ...(this.weightPacking === 'auto' ? {} : { weightPacking: this.weightPacking }),
      ...work,
      config: this.config,
      ...(adapter ? { lora: { rank: adapter.rank, targetModules: adapter.targetModules } } : {}),
    });
  }

  /** Whether a LoRA adapter is attached (see {@link CausalLM.hasAdapters}). */
  get hasAdapters(): boolean {
    return this.adapter !== undefined;
  }

  /**
   * Writes the PEFT adapter when one is attached, else the Hugging Face model (see
   * {@link CausalLM.saveModel}).
   *
   * @param directory - Target directory.
   */
  async saveModel(directory: string): Promise<void> {
    if (this.adapter !== undefined) await saveLoraAdapter(this, directory);
    else await saveCausalLM(this, directory);
  }

  /** Whether an adapter is attached and enabled (forward passes include its update). */
  get adaptersEnabled(): boolean {
    return this.adapter !== undefined && this.adapterActive;
  }

  /** Makes forward passes ignore the adapter: the frozen base serves as the GRPO reference. */
  disableAdapters(): void {
    this.adapterActive = false;
  }

  /** Makes forward passes include the adapter again. */
  enableAdapters(): void {
    this.adapterActive = true;
  }

  /**
   * Runs `fn` with the adapter disabled and restores the previous state afterwards, even on error.
   *
   * @param fn - Work to run against the frozen base model (e.g. reference log-probabilities).
   * @returns What `fn` returns.
   */
  withAdaptersDisabled<T>(fn: () => T): T {
    const previous = this.adapterActive;
    this.adapterActive = false;
    try {
      return fn();
    } finally {
      this.adapterActive = previous;
    }
  }

  /**
   * The base weights by Hugging Face name (the model owns them). Projection weights and an
   * untied `lm_head.weight` are held transposed, `[inFeatures, outFeatures]` (see
   * {@link storedTransposed}); {@link saveCausalLM} writes the Hugging Face layout back.
   */
  namedWeights(): ReadonlyMap<string, tf.Variable> {
    return this.weights;
  }

  /** Variables the optimiser updates: the adapter's factors when one is attached, else all weights. */
  trainableVariables(): tf.Variable[] {
    this.assertLive('trainableVariables');
    return [...(this.adapter?.weights ?? this.weights).values()];
  }

  /** Number of base parameters (excluding any adapter). */
  numParameters(): number {
    let count = 0;
    for (const variable of this.weights.values()) count += variable.size;
    return count;
  }

  /** Frees every weight, including the adapter's. */
  dispose(): void {
    if (this.disposed) return;
    for (const variable of this.weights.values()) variable.dispose();
    for (const variable of this.adapter?.weights.values() ?? []) variable.dispose();
    this.disposed = true;
  }
}
