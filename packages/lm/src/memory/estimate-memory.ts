import * as tf from '@tensorflow/tfjs-core';
import { headDimension } from '../config/parse-config.js';
import {
  type ProjectionName,
  projectionNames,
  projectionShape,
} from '../model/parameter-shapes.js';
import type { WeightPacking } from '../ops/weight-packing.js';
import type { CausalLM, CausalLMConfig } from '../types.js';
import { memoryLimit } from './memory-limit.js';

/**
 * The LoRA adapter of a memory estimate.
 *
 * @category Memory
 */
export interface MemoryEstimateLora {
  /** Rank `r`. */
  rank: number;
  /** Projections with an adapter. */
  targetModules: readonly ProjectionName[];
}

/**
 * Options of {@link estimateMemory}.
 *
 * @category Memory
 */
export interface EstimateMemoryOptions {
  /** The architecture. */
  config: CausalLMConfig;
  /** Sequences per forward pass (GRPO: completions per micro-batch). */
  batchSize: number;
  /** Prompt + completion tokens per sequence. */
  sequenceLength: number;
  /**
   * Scored (completion) positions per sequence.
   *
   * @defaultValue `sequenceLength - 1`
   */
  completionLength?: number;
  /**
   * `'train'`: forward + backward of completion log-probs (a GRPO or SFT step); `'score'`:
   * log-probs without a tape (old-policy and reference passes); `'generate'`: a prefill of
   * `sequenceLength` positions with the KV cache grown to `sequenceLength` positions, and
   * last-position logits.
   *
   * @defaultValue 'train'
   */
  mode?: 'train' | 'score' | 'generate';
  /**
   * The LoRA adapter; absent: every weight is trained.
   *
   * @defaultValue undefined
   */
  lora?: MemoryEstimateLora;
  /**
   * `chunkSize` of `sequenceLogProbs`.
   *
   * @defaultValue 64
   */
  chunkSize?: number;
  /**
   * Whether decoder layers are recomputed in the backward pass.
   *
   * @defaultValue false
   */
  gradientCheckpointing?: boolean;
  /**
   * With `gradientCheckpointing` and a LoRA adapter on a training pass: each layer also keeps the
   * products of its frozen base weights for the recomputation (`ForwardInputs.keepFrozenProducts`).
   *
   * @defaultValue false
   */
  keepFrozenProducts?: boolean;
  /**
   * Optimiser moments per trained parameter (2 for Adam/AdamW, 0 to leave the optimiser out).
   *
   * @defaultValue 2
   */
  optimizerStatesPerParameter?: number;
  /**
   * The TensorFlow.js backend the work runs on: on `'wasm'` the estimate includes the packed
   * copies XNNPACK keeps of every weight matrix used as the right operand of a product.
   *
   * @defaultValue `tf.getBackend()`
   */
  backend?: string;
  /**
   * How products treat frozen weights on wasm: `'cached'` counts a packed copy of every weight
   * matrix (and, with LoRA, a transposed copy of each frozen projection and its packed copy),
   * `'transient'` one packed copy and one plain copy of the largest projection (and a packed
   * copy of an untied head, which stays cached; see {@link WeightPacking}).
   *
   * @defaultValue what a {@link TransformerCausalLM} forward pass uses: {@link defaultWeightPacking}
   */
  weightPacking?: WeightPacking;
}

/**
 * The work of a memory estimate, without the model: what {@link CausalLM.estimateMemory} takes
 * (the model fills in its architecture and its LoRA adapter).
 *
 * @category Memory
 */
export type MemoryWork = Omit<EstimateMemoryOptions, 'config' | 'lora'>;

/**
 * An estimate of peak tensor memory, in bytes, by part.
 *
 * @category Memory
 */
export interface MemoryEstimate {
  /** Base weights (float32). */
  weights: number;
  /** LoRA factors. */
  adapter: number;
  /**
   * Gradients of the trained parameters, once (the backward pass of `leanGradients`, which the
   * trainer uses, frees each intermediate gradient once it has been passed on).
   */
  gradients: number;
  /** Optimiser moments of the trained parameters. */
  optimizerStates: number;
  /** Decoder activations (and the gradients in flight) at the peak of the pass. */
  activations: number;
  /** The output head's chunk tensors (and, in a tied full-model step, the head's gradient). */
  head: number;
  /**
   * On wasm, XNNPACK's packed copy of each weight matrix a product reads as its right operand
   * (every projection, and an untied head): as large as those weights, allocated on first use,
   * kept while the weight lives, and not counted by `tf.memory()`; with `'transient'` packing,
   * a copy and a packed copy of the largest one. With a LoRA adapter and `'cached'` packing for
   * training, also a transposed copy of each frozen projection and its packed copy, which the
   * first backward pass of many rows makes and later passes of any kind keep (counted whether
   * or not the passes have enough rows to make them). 0 on other backends.
   */
  packedWeights: number;
  /** Everything at once: the estimated peak. */
  total: number;
}

/**
 * Measured / counted activation memory: what TensorFlow.js keeps beyond the intermediates
 * counted from decoder-layer.ts (saved inputs of each op's gradient, broadcast copies, masks).
 * Fitted on a SmolLM2-135M-shaped LoRA step at 2 x 64 tokens with TensorFlow.js's own backward
 * pass (1639 MB measured with `tf.profile` against 1175 MB counted), and kept for
 * `leanGradients`, whose peak holds the saved tensors once; the lm README lists the shapes it
 * was checked on.
 */
const activationOverhead = 1.39;

/** Elements of one layer's forward intermediates that the tape keeps (counted from decoder-layer.ts). */
function layerForwardElements(config: CausalLMConfig, batch: number, time: number): number {
  const tokens = batch * time;
  const width = config.hiddenSize;
  const headDim = headDimension(config);
  const queryWidth = config.numAttentionHeads * headDim;
  const kvWidth = config.numKeyValueHeads * headDim;
  const bias = config.attentionBias ? 1 : 0;
  // Norms (4 each), residual adds, o_proj and down_proj outputs, the merged attention output.
  const residual = 14 * tokens * width;
  // q: projection (+bias), head transpose, rotary (split, neg, concat, 2 products, sum).
  const query = (7 + bias) * tokens * queryWidth;
  // k: as q; v: projection (+bias) and transpose.
  const keyValue = (7 + bias + 2 + bias) * tokens * kvWidth;
  // scores, scaled, masked, softmax.
  const scores = 4 * batch * config.numAttentionHeads * time * time;
  // gate, sigmoid, silu, up, product.
  const mlp = 5 * tokens * config.intermediateSize;
  return residual + query + keyValue + scores + mlp;
}

/** Elements of the LoRA intermediates of one layer (down, scaled down, up, sum per projection). */
function loraForwardElements(
  config: CausalLMConfig,
  lora: MemoryEstimateLora,
  tokens: number,
): number {
  let total = 0;
  for (const name of lora.targetModules) {
    const [out] = projectionShape(config, name);
    total += tokens * (2 * lora.rank + 2 * out);
  }
  return total;
}

/** Sum of the seven projections' output widths: the elements of one token's frozen products. */
function projectionOutputs(config: CausalLMConfig): number {
  return projectionNames.reduce((sum, name) => sum + projectionShape(config, name)[0], 0);
}

/** Parameter counts of the base model and of the adapter. */
function parameterCounts(
  config: CausalLMConfig,
  lora: MemoryEstimateLora | undefined,
): {
  base: number;
  adapter: number;
  head: number;
  rightOperands: number;
  projections: number;
  largest: number;
} {
  let perLayer = 2 * config.hiddenSize;
  let adapterPerLayer = 0;
  let projections = 0;
  let largest = 0;
  for (const name of projectionNames) {
    const [out, inFeatures] = projectionShape(config, name);
    perLayer += out * inFeatures;
    projections += out * inFeatures;
    largest = Math.max(largest, out * inFeatures);
    if (config.attentionBias && (name === 'q_proj' || name === 'k_proj' || name === 'v_proj'))
      perLayer += out;
    if (lora?.targetModules.includes(name)) adapterPerLayer += lora.rank * (out + inFeatures);
  }
  const embedding = config.vocabSize * config.hiddenSize;
  const head = config.tieWordEmbeddings ? 0 : embedding;
  return {
    base: embedding + head + config.hiddenSize + config.numHiddenLayers * perLayer,
    adapter: config.numHiddenLayers * adapterPerLayer,
    head: embedding,
    rightOperands: config.numHiddenLayers * projections + head,
    projections: config.numHiddenLayers * projections,
    largest,
  };
}

/**
 * Options of {@link defaultWeightPacking}.
 *
 * @category Memory
 */
export interface DefaultWeightPackingOptions {
  /** The architecture. */
  config: CausalLMConfig;
  /**
   * The LoRA adapter (its base weights are the frozen ones); absent: no weight is frozen.
   *
   * @defaultValue undefined
   */
  lora?: MemoryEstimateLora;
  /**
   * The backend.
   *
   * @defaultValue `tf.getBackend()`
   */
  backend?: string;
  /**
   * The work (`'generate'`: prefill and decode steps with the KV cache).
   *
   * @defaultValue 'train'
   */
  mode?: 'train' | 'score' | 'generate';
}

/**
 * The {@link WeightPacking} a {@link TransformerCausalLM} forward pass uses: `'transient'` for
 * training and scoring passes (no KV cache) of a LoRA model on wasm whose weights, their
 * packed copies and the transposed copies (and their packed copies) of the frozen projections
 * that the backward pass keeps would take more than half the wasm heap's usable memory
 * ({@link memoryLimit}), e.g. Qwen2.5-0.5B (1.87 GiB of weights, 1.33 GiB of packed copies);
 * `'cached'` otherwise (generation, full-weight training, other backends, and models as small
 * as SmolLM2-135M: 0.50 + 0.40 + 0.79 GiB).
 *
 * @param options - Architecture, adapter, backend and work.
 * @returns The packing.
 *
 * @example
 * ```ts
 * import { defaultWeightPacking, parseCausalLMConfig } from '@r1kit/lm';
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 151936, hidden_size: 896,
 *   intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14,
 *   num_key_value_heads: 2, tie_word_embeddings: true });
 * const lora = { rank: 16, targetModules: ['q_proj', 'v_proj'] as const };
 * defaultWeightPacking({ config, lora, backend: 'wasm' }); // 'transient'
 * defaultWeightPacking({ config, lora, backend: 'wasm', mode: 'generate' }); // 'cached'
 * ```
 *
 * @category Memory
 */
export function defaultWeightPacking(options: DefaultWeightPackingOptions): WeightPacking {
  const backend = options.backend ?? tf.getBackend();
  if (backend !== 'wasm' || options.lora === undefined || options.mode === 'generate') {
    return 'cached';
  }
  const counts = parameterCounts(options.config, options.lora);
  // Weights, their packed copies, and the transposed copies (and their packed copies) that the
  // backward passes of the frozen projections keep with 'cached'.
  const bytes = 4 * (counts.base + counts.rightOperands + 2 * counts.projections);
  return bytes > memoryLimit('wasm').bytes / 2 ? 'transient' : 'cached';
}

/**
 * Estimates the peak tensor memory of a training step, a scoring pass or a generation prefill
 * from the architecture and the run settings: float32 weights, the trained parameters' gradients
 * and optimiser moments, the decoder activations the tape keeps (all layers, or with
 * `gradientCheckpointing` each layer's input plus one layer being recomputed), and the output
 * head's chunk tensors (`sequenceLogProbs` keeps none of them for the backward pass). Calibrated
 * against measured peaks on the SmolLM2-135M and Qwen2.5-0.5B shapes (see the lm README).
 *
 * @param options - Architecture, batch, lengths, LoRA, chunk size, checkpointing, optimiser.
 * @returns Bytes by part and the total.
 *
 * @example
 * ```ts
 * import { estimateMemory, parseCausalLMConfig } from '@r1kit/lm';
 * // The sizes of Qwen2.5-0.5B.
 * const config = parseCausalLMConfig({ model_type: 'qwen2', vocab_size: 151936, hidden_size: 896,
 *   intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14,
 *   num_key_value_heads: 2, tie_word_embeddings: true });
 * const { total } = estimateMemory({ config, batchSize: 8, sequenceLength: 256, chunkSize: 16,
 *   lora: { rank: 16, targetModules: ['q_proj', 'v_proj'] }, gradientCheckpointing: true });
 * // total ≈ 4.6e9 bytes (4.29 GiB)

 * ```
 *
 * @category Memory
 */
export function estimateMemory(options: EstimateMemoryOptions): MemoryEstimate {
  const { config, batchSize: batch, sequenceLength: time, lora } = options;
  const mode = options.mode ?? 'train';
  const completion = options.completionLength ?? time - 1;
  const chunk = Math.min(options.chunkSize ?? 64, completion);
  const bytes = 4;
  const counts = parameterCounts(config, lora);
  const trained = mode !== 'train' ? 0 : lora ? counts.adapter : counts.base;
  const tokens = batch * time;
  const width = config.hiddenSize;
  const layer =
    layerForwardElements(config, batch, time) +
    (lora ? loraForwardElements(config, lora, tokens) : 0);
  const layers = config.numHiddenLayers;
  let activations: number;
  let head: number;
  const chunkLogits = batch * chunk * config.vocabSize;
  if (mode === 'generate') {
    const headDim = headDimension(config);
    const cache = 2 * layers * batch * config.numKeyValueHeads * headDim * time;
    // One layer's intermediates at a time, the cache (twice while a step concatenates), and the
    // prefill's last-position logits.
    activations = layer + 2 * cache;
    // Generation computes logits at the last position only (logits, scaled, probabilities).
    head = 3 * batch * config.vocabSize;
  } else if (mode === 'score') {
    activations = layer + 2 * tokens * width;
    head = 5 * chunkLogits;
  } else {
    const boundaries = (2 * layers + 6) * tokens * width;
    // The tensors every layer's ops saved for their gradients (leanGradients frees them, and the
    // gradients it passes on, layer by layer in the backward pass); with checkpointing each
    // layer's input, the layer being recomputed, and with keepFrozenProducts every layer's
    // frozen (base) projection outputs.
    const kept =
      options.gradientCheckpointing && options.keepFrozenProducts && lora
        ? layers * tokens * projectionOutputs(config)
        : 0;
    // A recomputed layer holds all its intermediates while its tape records: 1.4 layers,
    // fitted on 2 x 256 and 4 x 128 steps of a SmolLM2-shaped layer.
    activations = options.gradientCheckpointing
      ? boundaries + 1.4 * layer + kept
      : layers * layer + boundaries;
    const tiedFullHead = !lora ? 2 * counts.head : 0;
    head = 8 * chunkLogits + tiedFullHead;
  }
  const backend = options.backend ?? tf.getBackend();
  // Generation keeps every packed copy; without LoRA no weight is frozen.
  const packing =
    mode === 'generate' || lora === undefined
      ? 'cached'
      : (options.weightPacking ?? defaultWeightPacking({ config, backend, mode, lora }));
  // Transient: a copy and a packed copy of the largest projection; an untied head stays cached.
  const untiedHead = config.tieWordEmbeddings ? 0 : counts.head;
  // With LoRA, training with 'cached' packing keeps a transposed copy of each frozen projection
  // and its packed copy from the first backward pass on (they stay for later passes of any kind).
  const trainingPacking =
    mode === 'generate'
      ? (options.weightPacking ?? defaultWeightPacking({ config, backend, lora }))
      : packing;
  const transposed =
    lora !== undefined && trainingPacking === 'cached' ? 2 * counts.projections : 0;
  const packedElements =
    (packing === 'transient' ? 2 * counts.largest + untiedHead : counts.rightOperands) + transposed;
  const estimate = {
    weights: bytes * counts.base,
    adapter: bytes * counts.adapter,
    gradients: bytes * trained,
    optimizerStates: bytes * trained * (options.optimizerStatesPerParameter ?? 2),
    activations: bytes * activations * activationOverhead,
    head: bytes * head,
    packedWeights: backend === 'wasm' ? bytes * packedElements : 0,
  };
  return {
    ...estimate,
    total:
      estimate.weights +
      estimate.adapter +
      estimate.gradients +
      estimate.optimizerStates +
      estimate.activations +
      estimate.head +
      estimate.packedWeights,
  };
}
